/**
 * `aai-inventory`: the command-line client of the inventory service. A pure HTTP client (it
 * imports nothing of the service: `.dependency-cruiser.mjs` forbids it), so it runs against any
 * instance, local or remote. commander parses the arguments and writes the help; every command
 * resolves with an exit code, and every failure is a CliError carrying one (exit.ts).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { Client, type Connection } from './client.js';
import { cancelCommand, jobCommand, jobsCommand } from './commands/jobs.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { syncCommand } from './commands/sync.js';
import { CliError, EXIT, EXIT_CODES_HELP, type ExitCode } from './exit.js';
import { installInterruptHandling } from './interrupt.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function positiveInt(value: string): number {
  if (!/^[1-9][0-9]{0,3}$/.test(value) || Number(value) > 1000) throw new InvalidArgumentError('a whole number from 1 to 1000');
  return Number(value);
}

interface GlobalOptions {
  url: string;
  user?: string;
  password?: string;
  token?: string;
  appId: string;
  insecure?: boolean;
}

function clientOf(cmd: Command): Client {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  if (g.token && g.user) throw new CliError('--token and --user exclude each other', EXIT.usage);
  const connection: Connection = { url: g.url, user: g.user, password: g.password, token: g.token, appId: g.appId, insecure: g.insecure === true };
  return new Client(connection);
}

export function program(done: (code: ExitCode) => void): Command {
  const run =
    <A extends unknown[]>(f: (...args: A) => Promise<ExitCode>) =>
    async (...args: A): Promise<void> => {
      done(await f(...args));
    };
  const p = new Command('aai-inventory')
    .description('Command-line client of the A&AI v15 inventory service: bulk jobs, sync and export')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .addOption(new Option('--url <url>', 'the service').env('AAI_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--user <name>', 'HTTP Basic user').env('AAI_USER'))
    .addOption(new Option('--password <password>', 'HTTP Basic password').env('AAI_PASSWORD'))
    .addOption(new Option('--token <token>', 'API token (Bearer), instead of --user').env('AAI_TOKEN'))
    .addOption(new Option('--app-id <id>', 'X-FromAppId of every request').env('AAI_APP_ID').default('aai-inventory-cli'))
    .addOption(new Option('--insecure', 'accept a self-signed TLS certificate'))
    .addHelpText('after', `\nEnvironment: AAI_URL, AAI_USER, AAI_PASSWORD, AAI_TOKEN, AAI_APP_ID (the options win).\n\n${EXIT_CODES_HELP}\n`);

  p.command('import')
    .description('submit a bulk job from FILE (JSON {"transactions":[…]} or NDJSON, one transaction per line; or an export file, applied through sync) and follow it')
    .argument('<FILE>', 'the input file, or - for stdin')
    .addOption(new Option('--type <type>', 'how the transactions are applied').choices(['bulkadd', 'bulkprocess']).default('bulkadd'))
    .option('--failures <path>', 'where the failed transactions go (default FILE.failures.ndjson; written only when some failed)')
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--detach', 'submit, save the job id in FILE.aai-job.json, and exit without following')
    .option('--restart', 'submit FILE anew even when FILE.aai-job.json holds its job')
    .addHelpText('after', '\nThe job runs server-side: Ctrl-C stops following it (exit 130), and the same command again\nfollows the same job (FILE.aai-job.json) instead of submitting FILE a second time.')
    .action(run((file: string, o: { type: 'bulkadd' | 'bulkprocess'; failures?: string; progress: boolean; detach?: boolean; restart?: boolean }, cmd: Command) =>
      importCommand(clientOf(cmd), file, { type: o.type, failures: o.failures, progress: o.progress, detach: o.detach === true, restart: o.restart === true }),
    ));

  p.command('sync')
    .description('compare the scope of FILE (a sync/export file) with the inventory (a dry run), or --apply it')
    .argument('<FILE>', 'NDJSON: {"scope":{"uris":[…],"types":[…]}} then one {"uri","body"} per line; or JSON {"scope":…,"objects":[…]}; - for stdin')
    .option('--scope-uri <uri>', 'a scope URI, replacing the file\'s scope (repeatable)', collect, [])
    .option('--scope-type <type>', 'a scope node type, replacing the file\'s scope (repeatable)', collect, [])
    .option('--prune', 'delete the scope\'s objects that FILE does not hold')
    .option('--apply', 'apply the changes (a job, followed like import)')
    .option('--base <token>', 'with --apply: refuse if the scope changed since the diff that answered this token')
    .option('--json', 'print the service\'s JSON answer')
    .option('--exit-code', 'exit 10 when the diff is not empty (as git diff --exit-code)')
    .option('--failures <path>', 'with --apply: where the failed transactions go (default FILE.failures.ndjson)')
    .option('--no-progress', 'no progress bar or progress lines')
    .action(run((file: string, o: { scopeUri: string[]; scopeType: string[]; prune?: boolean; apply?: boolean; base?: string; json?: boolean; exitCode?: boolean; failures?: string; progress: boolean }, cmd: Command) =>
      syncCommand(clientOf(cmd), file, { scopeUri: o.scopeUri, scopeType: o.scopeType, prune: o.prune === true, apply: o.apply === true, base: o.base, json: o.json === true, exitCode: o.exitCode === true, failures: o.failures, progress: o.progress }),
    ));

  p.command('export')
    .description('export objects (and their subtrees) as NDJSON that import and sync read back')
    .argument('[URI...]', 'A&AI URIs of the objects to export (/network/pnfs/pnf/p1, or /aai/v15/…)')
    .option('--type <type>', 'only objects of this node type (repeatable); without a URI, every object of the type', collect, [])
    .addOption(new Option('--depth <depth>', 'the objects alone (0) or their whole subtrees (all)').choices(['0', 'all']).default('all'))
    .option('-o, --output <file>', 'write to this file (default stdout)')
    .option('--no-progress', 'no counter on stderr')
    .action(run((uris: string[], o: { type: string[]; depth: string; output?: string; progress: boolean }, cmd: Command) =>
      exportCommand(clientOf(cmd), uris, { type: o.type, depth: o.depth, output: o.output, progress: o.progress }),
    ));

  p.command('jobs')
    .description('list jobs, newest first')
    .addOption(new Option('--status <status>', 'only jobs in this status').choices(['pending', 'running', 'completed', 'failed', 'cancelled']))
    .option('--limit <n>', 'jobs per page (1 to 1000; the service\'s default is 50)', positiveInt)
    .option('--all', 'every page')
    .option('--json', 'print JSON')
    .action(run((o: { status?: string; limit?: number; all?: boolean; json?: boolean }, cmd: Command) =>
      jobsCommand(clientOf(cmd), { status: o.status, limit: o.limit, all: o.all === true, json: o.json === true }),
    ));

  p.command('job')
    .description('show a job; --follow it until it ends')
    .argument('<ID>', 'the job id')
    .option('--follow', 'show its progress until it ends (exit codes as import)')
    .option('--failures <path>', 'with --follow: where the failed transactions go (default ID.failures.ndjson)')
    .option('--json', 'print JSON')
    .option('--no-progress', 'no progress bar or progress lines')
    .action(run((id: string, o: { follow?: boolean; failures?: string; json?: boolean; progress: boolean }, cmd: Command) =>
      jobCommand(clientOf(cmd), id, { follow: o.follow === true, failures: o.failures, json: o.json === true, progress: o.progress }),
    ));

  p.command('cancel')
    .description('cancel a job (it stops after its transaction in progress); exit 3 when it has already finished')
    .argument('<ID>', 'the job id')
    .action(run((id: string, _o: unknown, cmd: Command) => cancelCommand(clientOf(cmd), id)));

  // Each command's help ends with the exit codes too: a script author reads the command's page.
  for (const c of p.commands) c.addHelpText('after', `\n${EXIT_CODES_HELP}`);
  return p;
}

/** Runs the CLI on `argv` (process.argv) and resolves with its exit code; errors are printed to stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  installInterruptHandling();
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof CliError) {
      process.stderr.write(`aai-inventory: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`aai-inventory: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.service;
  }
  return code;
}

const code = await main(process.argv);
// Flushed before exiting: stdout may be a pipe that a script reads.
process.stdout.write('', () => process.exit(code));
