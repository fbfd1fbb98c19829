/**
 * The jobs a worker reports in its log (server/worker/main.ts: `job … analysed in N ms (check 7.2 ms,
 * select 151.7 ms, …)`, stages from formatStages): where a job's time goes, without instrumenting it.
 */
import { median } from '../stats';

export interface LoggedJob {
  ms: number;
  /** Stage name → ms, in the order the worker ran them. */
  stages: Record<string, number>;
}

export function analysedJobs(log: string): LoggedJob[] {
  return [...log.matchAll(/ analysed in (\d+) ms \(([^)]*)\)/g)].map(([, total, stages]) => ({
    ms: Number(total),
    stages: Object.fromEntries(
      stages
        .split(', ')
        .map((part) => /^(\S+) ([\d.]+) ms$/.exec(part))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1], Number(match[2])]),
    ),
  }));
}

/** The median of each stage over the jobs (stages a job lacks are not counted for it), and of the totals. */
export function stageMedians(jobs: readonly LoggedJob[]): { total: number | null; stages: [string, number][] } {
  const names = [...new Set(jobs.flatMap((job) => Object.keys(job.stages)))];
  return {
    total: median(jobs.map((job) => job.ms)),
    stages: names.map((name) => [name, median(jobs.map((job) => job.stages[name] ?? null))!]),
  };
}
