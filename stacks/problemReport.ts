import * as pulumi from "@pulumi/pulumi";
import { isValidationError } from "../model/problems";

const asRunError = (e: unknown) => (isValidationError(e) ? new pulumi.RunError(e.message) : e);

/**
 * Bad input is for the operator to fix, not a crash: the language host prints a RunError's
 * message alone, without "unhandled exception", a stack trace or a dump of the error's fields.
 * Works for builders that validate asynchronously too (a client site reads its StackReference).
 */
export function reportingProblems<T>(build: () => T): T {
    try {
        const r = build();
        if (r instanceof Promise)
            return r.catch((e) => {
                throw asRunError(e);
            }) as T;
        return r;
    } catch (e) {
        throw asRunError(e);
    }
}
