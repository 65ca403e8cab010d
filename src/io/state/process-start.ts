/**
 * When a process started, from /proc (Linux), to tell a lock's holder from an unrelated
 * process that was given the same pid later: pids are reused, and in a container every
 * run may even get the same one.
 */
import { readFileSync } from "node:fs";

/**
 * Clock ticks per second in /proc/<pid>/stat. The kernel reports start times in USER_HZ,
 * which is 100 on every Linux architecture Node runs on (sysconf is out of Node's reach).
 */
const TICKS_PER_SECOND = 100;

/**
 * When process `pid` started, in ms since the epoch, or undefined where /proc cannot tell
 * (not Linux, hidepid, the process just exited).
 *
 * The start time is field 22 of /proc/<pid>/stat, in ticks since boot; the boot is placed
 * by /proc/uptime (centiseconds) rather than /proc/stat's btime (whole seconds, so off by
 * up to a second). Both count suspended time, so the two agree.
 */
export function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const uptime = readFileSync("/proc/uptime", "utf8");
    const now = Date.now();
    // Field 2, the command name, is in parentheses and may hold spaces or parentheses
    // itself: count fields from after the last ')'. Field 3 is the first after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const startTicks = Number(fields[22 - 3]);
    const uptimeSeconds = Number.parseFloat(uptime);
    if (!Number.isFinite(startTicks) || !Number.isFinite(uptimeSeconds)) return undefined;
    return now - (uptimeSeconds - startTicks / TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}
