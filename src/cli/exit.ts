/**
 * The exit codes of `aai-inventory`, which scripts rely on (listed in `--help`), and the error that
 * carries one: every failure ends as a CliError, caught once in main.ts, printed to stderr and
 * turned into the process's exit code.
 */

export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** The operation ran but some transactions or objects failed (a job with failed transactions, or one that ended failed/cancelled). */
  partial: 1,
  /** Bad arguments or options, an unreadable or malformed input file. */
  usage: 2,
  /** The service answered an error (4xx/5xx). */
  service: 3,
  /** The service could not be reached. */
  connect: 4,
  /** `sync --exit-code`: the diff is not empty (as `git diff --exit-code`). */
  changes: 10,
  /** Interrupted (Ctrl-C, SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as the help's epilogue shows them. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    the operation ran but some transactions/objects failed (or the job ended failed/cancelled)
  2    usage error (bad arguments, unreadable input file)
  3    the service answered an error (4xx/5xx; its A&AI error text is printed)
  4    cannot connect to the service
  10   sync --exit-code: the diff is not empty
  130  interrupted (Ctrl-C); a job already accepted keeps running server-side`;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);
