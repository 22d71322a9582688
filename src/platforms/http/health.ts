/**
 * GET /healthz (issue 29): whether this process is ready for work, for a load balancer, systemd or an orchestrator.
 * 200 when the database answers and every configured platform is up (Discord: all of this process's shards ready;
 * Slack: its receiver listening); 503 otherwise, and while draining after SIGTERM (so the proxy stops sending work).
 * The body says which part is not ready, and nothing secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One part's state: 'ok', or a few words on why not ('connecting', 'shard 1 not ready'). */
export type PartState = 'ok' | string;

/** What /healthz reports; `ok` only when every part is. */
export interface HealthReport {
  ok: boolean;
  process: string;
  draining: boolean;
  parts: Record<string, PartState>;
}

/** The parts a process checks, each a function answering its state now; registered as platforms come up. */
export class Health {
  private readonly parts = new Map<string, () => PartState | Promise<PartState>>();
  private draining = false;

  constructor(private readonly processName: string) {}

  /** Adds or replaces a part's check. */
  set(part: string, check: () => PartState | Promise<PartState>): void {
    this.parts.set(part, check);
  }

  /** SIGTERM: from now on /healthz answers 503 'draining'. */
  drain(): void {
    this.draining = true;
  }

  async report(): Promise<HealthReport> {
    const parts: Record<string, PartState> = {};
    for (const [name, check] of this.parts) {
      try {
        parts[name] = await check();
      } catch (err) {
        parts[name] = `failing: ${err instanceof Error ? err.message.slice(0, 120) : 'error'}`;
      }
    }
    return { ok: !this.draining && Object.values(parts).every((s) => s === 'ok'), process: this.processName, draining: this.draining, parts };
  }

  /** Answers GET (and HEAD) /healthz. */
  async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const report = await this.report();
    const body = JSON.stringify(report);
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
