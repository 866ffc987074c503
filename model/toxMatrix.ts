// Which Python versions a release branch tests with. Old series need old interpreters; the
// boundaries follow the real-world reusable Tox workflow (reference §2.2).
const NAMED_BEFORE_ZED = /^[a-y][a-z]+$/;

export function pythonVersionsFor(release: string): string[] {
    if (release === "master") return ["3.12"];
    if (NAMED_BEFORE_ZED.test(release)) return ["3.6", "3.8"];
    if (release === "zed") return ["3.8", "3.10"];
    const m = /^(\d{4})\.(\d)$/.exec(release);
    if (!m) return ["3.12"];
    const n = Number(m[1]) * 10 + Number(m[2]);
    if (n <= 20241) return ["3.8", "3.10"];
    if (n <= 20251) return ["3.10", "3.12"];
    return ["3.12"];
}

export const TOX_ENVIRONMENTS = ["pep8", "py3"];

/** The Tox job's check name; branch protection requires exactly these strings. */
export function toxCheckName(environment: string, python: string): string {
    return `Tox ${environment} with Python ${python}`;
}

export function toxMatrix(release: string): { environment: string; python: string }[] {
    return TOX_ENVIRONMENTS.flatMap((environment) =>
        pythonVersionsFor(release).map((python) => ({ environment, python })),
    );
}

export function toxChecks(release: string): string[] {
    return toxMatrix(release).map((e) => toxCheckName(e.environment, e.python));
}
