/** Small process helpers shared by the Orthanc launcher, the e2e harness and the benchmarks. */

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** True while a process with this PID exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
