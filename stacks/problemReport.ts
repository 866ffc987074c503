import * as pulumi from "@pulumi/pulumi";
import { isValidationError } from "../model/problems";

/**
 * Bad input is for the operator to fix, not a crash: the language host prints a RunError's
 * message alone, without "unhandled exception", a stack trace or a dump of the error's fields.
 */
export function reportingProblems<T>(build: () => T): T {
    try {
        return build();
    } catch (e) {
        if (isValidationError(e)) throw new pulumi.RunError(e.message);
        throw e;
    }
}
