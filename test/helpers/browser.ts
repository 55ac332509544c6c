/**
 * A headless browser for the tests: Debian's Chromium (/usr/bin/chromium), driven by playwright-core.
 * No browser is ever downloaded (playwright-core has none of its own): when Chromium is missing,
 * ensureChromium() installs the distribution's package with apt-get (as root, or through `sudo -n`),
 * so a fresh machine runs `npm test` without manual steps. When it cannot be installed the test fails
 * with the reason; it is never skipped.
 *
 * The browser is launched with everything that would reach the network on its own switched off
 * (component updates, sync, background networking), so a page test can assert that every request
 * went to the service under test.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (the `chromium` package); CHROMIUM_PATH names another build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags of every launch: headless, no sandbox (root in a container), no traffic of its own. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** How long an apt-get step may take (a cold install fetches ~100 MB). */
const APT_TIMEOUT_MS = 15 * 60_000;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command (through `sudo -n` when not root); its exit status and the tail of its output. */
function run(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? [command, args] : ['sudo', ['-n', command, ...args]];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: APT_TIMEOUT_MS, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const output = `${r.error ? `${r.error.message}\n` : ''}${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { ok: r.status === 0, output: output.split('\n').slice(-20).join('\n') };
}

/**
 * Makes sure Chromium is at CHROMIUM_PATH: installs Debian's `chromium` package when it is not
 * (`apt-get install`, after `apt-get update` when the package lists are stale or absent). Throws
 * with what apt-get said when it cannot.
 */
export function ensureChromium(): void {
  if (executable(CHROMIUM_PATH)) return;
  const hint = `Chromium is missing at ${CHROMIUM_PATH} and could not be installed; install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`;
  if (process.platform !== 'linux' || !executable('/usr/bin/apt-get')) throw new Error(`${hint} (no apt-get on this machine)`);
  if (CHROMIUM_PATH !== '/usr/bin/chromium') throw new Error(`${hint} (CHROMIUM_PATH is set: not installing the distribution's package)`);
  console.log('[browser] installing Debian chromium with apt-get…');
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  let r = run('apt-get', install);
  if (!r.ok) {
    const update = run('apt-get', ['update']);
    if (!update.ok) throw new Error(`${hint}: apt-get update failed:\n${update.output}`);
    r = run('apt-get', install);
  }
  if (!r.ok || !executable(CHROMIUM_PATH)) throw new Error(`${hint}: apt-get install chromium failed:\n${r.output}`);
  console.log('[browser] chromium installed');
}

/** Launches headless Chromium (installing it first if need be). */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh context (no cookies, no cache) at a laptop's viewport. */
export function freshContext(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return browser.newContext({ viewport, serviceWorkers: 'block' });
}
