import { chmodSync, mkdirSync } from 'node:fs';
import { apicurioService } from './apicurio.ts';
import { elasticsearchService } from './elasticsearch.ts';
import { serviceUser } from './host.ts';
import { kafkaService } from './kafka.ts';
import { postgresService } from './postgres.ts';
import type { ServiceStatus, StackContext, StackService } from './service.ts';
import { type StackSettings, stackSettings } from './settings.ts';

export const serviceNames = ['postgresql', 'kafka', 'elasticsearch', 'schema-registry'] as const;
export type ServiceName = (typeof serviceNames)[number];
/** What `stack up` starts unless told otherwise; the schema registry is optional (`--services`). */
export const defaultServices: readonly ServiceName[] = ['postgresql', 'kafka', 'elasticsearch'];

export type StepResult = { name: string; outcome: string; seconds: number };

export class LocalStack {
  private constructor(
    readonly settings: StackSettings,
    private readonly services: StackService[],
  ) {}

  static async open(
    only: readonly ServiceName[] = defaultServices,
    settings = stackSettings(),
  ): Promise<LocalStack> {
    mkdirSync(settings.stateDir, { recursive: true });
    const ctx: StackContext = { settings, runAs: await serviceUser(settings.runAsUser) };
    // The service user must be able to reach its folders inside the state folder.
    if (ctx.runAs) chmodSync(settings.stateDir, 0o755);
    const all = [postgresService(ctx), kafkaService(ctx), elasticsearchService(ctx), apicurioService(ctx)];
    return new LocalStack(
      settings,
      all.filter((s) => (only as readonly string[]).includes(s.name)),
    );
  }

  /** Prepares and starts every service, in parallel; resolves when all answer real requests. */
  async up(onStep: (r: StepResult) => void = () => undefined): Promise<StepResult[]> {
    return Promise.all(
      this.services.map(async (s) => {
        const started = Date.now();
        await s.prepare();
        const outcome = await s.start();
        const result = { name: s.name, outcome, seconds: (Date.now() - started) / 1000 };
        onStep(result);
        return result;
      }),
    );
  }

  async down(onStep: (r: StepResult) => void = () => undefined): Promise<StepResult[]> {
    return Promise.all(
      this.services.map(async (s) => {
        const started = Date.now();
        const outcome = await s.stop();
        const result = { name: s.name, outcome, seconds: (Date.now() - started) / 1000 };
        onStep(result);
        return result;
      }),
    );
  }

  /** Stops one service (the others keep running): an outage, for fault tests. */
  async stop(name: ServiceName): Promise<void> {
    await this.service(name).stop();
  }

  /** Starts one service again; resolves once it answers real requests. */
  async start(name: ServiceName): Promise<void> {
    await this.service(name).start();
  }

  /** kill -9 of one node (from 0) of a clustered service; `start` brings it back. */
  async kill(name: ServiceName, node: number): Promise<void> {
    const service = this.service(name);
    if (!service.kill) throw new Error(`${name} runs a single process here; stop it instead`);
    await service.kill(node);
  }

  private service(name: ServiceName): StackService {
    const found = this.services.find((s) => s.name === name);
    if (!found) throw new Error(`${name} is not part of this stack`);
    return found;
  }

  status(): Promise<ServiceStatus[]> {
    return Promise.all(this.services.map((s) => s.status()));
  }
}
