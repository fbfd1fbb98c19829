/**
 * The `model-validation` queue (pg-boss, beside `triage` in the same schema): the server enqueues a
 * run id, a worker runs it. No retries: a failed run says why and the admin starts another.
 */
import type PgBoss from 'pg-boss';

export const VALIDATION_QUEUE = 'model-validation';

export interface ValidationJobData {
  validationId: number;
}

export class ValidationQueue {
  private constructor(private readonly boss: PgBoss) {}

  /** On the pg-boss instance of the triage queue (one connection pool for both). */
  static async open(boss: PgBoss): Promise<ValidationQueue> {
    const queue = { name: VALIDATION_QUEUE, policy: 'standard' as const, retryLimit: 0, expireInSeconds: 4 * 3600 };
    await boss.createQueue(VALIDATION_QUEUE, queue);
    return new ValidationQueue(boss);
  }

  async enqueue(data: ValidationJobData): Promise<void> {
    await this.boss.send(VALIDATION_QUEUE, data as unknown as object);
  }

  /** One run at a time in this process. */
  async work(handler: (data: ValidationJobData) => Promise<void>, pollingIntervalSeconds: number): Promise<string> {
    return this.boss.work<ValidationJobData>(VALIDATION_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => handler(job.data));
  }
}
