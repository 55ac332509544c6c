/** Processes the tests start and must not leave behind. */

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL every process of these process groups (those already gone are skipped). */
export function killGroups(pgids: readonly number[]): void {
  for (const pgid of pgids) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* the group is already gone */
    }
  }
}
