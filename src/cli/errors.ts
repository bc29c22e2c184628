// A usage or input problem the CLI reports as one sentence on stderr with a non-zero exit.
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Exit codes: 1 = the input or operation was refused, 2 = the command line itself is wrong. */
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;
