/** Whether a process id is running on this host, for judging locks and temp files left behind. */

/**
 * True when `pid` names a live process on this host. Signal 0 checks existence without
 * signalling; EPERM means it exists but belongs to another user, so it counts as alive.
 * Invalid pids (0 and negatives address process groups) are never alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
