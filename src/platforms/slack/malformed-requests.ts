/**
 * Bolt's HTTP receiver with a guard in front: a correctly signed request whose body is not a shape Slack sends
 * (`payload=null`, `payload=[]`, a JSON array, an event_callback without `event` …) is answered 400 at once with one
 * log line. Without it Bolt throws on `payload=null` outside its own try (an unhandled rejection, the client hangs)
 * and answers the others 404 only after its 3-second unhandled-request timeout (issue 14).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest, type HTTPReceiverOptions, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

const FORM = 'application/x-www-form-urlencoded';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a parsed, signed body cannot be a Slack request; null when it can (Bolt then decides what it is). */
export function malformedReason(rawBody: string, contentType: string | undefined): string | null {
  const form = contentType === FORM; // the same test as Bolt's parser
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody({ rawBody: Buffer.from(rawBody), headers: { 'content-type': contentType } } as never);
  } catch {
    return form ? 'payload is not JSON' : 'body is not JSON';
  }
  const hadPayload = form && typeof parseQuery(rawBody).payload === 'string';
  if (!isObject(body)) return `${hadPayload ? 'payload' : 'body'} is ${Array.isArray(body) ? 'an array' : body === null ? 'null' : `a ${typeof body}`}, not an object`;
  if (form && !hadPayload) {
    // Without `payload` a form body is a slash command (or Slack's unsigned ssl_check, which Bolt handles).
    return typeof body.command === 'string' || body.ssl_check === '1' ? null : 'form body with neither payload nor command';
  }
  if (typeof body.type !== 'string') return `${hadPayload ? 'payload' : 'body'} has no type`;
  if (body.type === 'event_callback' && !(isObject(body.event) && typeof body.event.type === 'string')) return 'event_callback without an event';
  if (hadPayload) {
    // Fields Slack sends with every payload of these types, which Bolt reads before any listener runs.
    if (!isObject(body.user)) return `${body.type} payload without a user`;
    if (body.type === 'block_actions' && !(Array.isArray(body.actions) && body.actions.length > 0 && body.actions.every(isObject))) {
      return 'block_actions payload without actions';
    }
    if ((body.type === 'view_submission' || body.type === 'view_closed') && !isObject(body.view)) return `${body.type} payload without a view`;
  }
  return null;
}

/** Options of the guarded receiver (the ones paperclub sets on Bolt's HTTPReceiver). */
export interface GuardedReceiverOptions {
  signingSecret: string;
  port: number;
  boltLogger: BoltLogger;
  logger: Logger;
  endpoint?: string;
  /** Installs by OAuth: Bolt's installer options (client id and secret, state secret, scopes, store, paths). */
  installer?: Pick<HTTPReceiverOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'redirectUri' | 'installerOptions'>;
  /** Other GET routes on the same port (GET /healthz). */
  customRoutes?: HTTPReceiverOptions['customRoutes'];
}

/** Bolt's HTTPReceiver whose request listener first refuses signed-but-malformed bodies (400, one log line). */
export function createGuardedHttpReceiver(opts: GuardedReceiverOptions): HTTPReceiver {
  const endpoint = opts.endpoint ?? '/slack/events';
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    port: opts.port,
    endpoints: [endpoint],
    logger: opts.boltLogger,
    ...(opts.customRoutes ? { customRoutes: opts.customRoutes } : {}),
    ...opts.installer,
  });
  const boltListener = receiver.requestListener;
  const log = opts.logger;

  const refuse = (res: ServerResponse, status: number, msg: string, fields: Record<string, unknown>) => {
    log.warn(msg, { status, ...fields });
    if (!res.headersSent) res.writeHead(status);
    res.end();
  };

  const guarded = async (req: IncomingMessage, res: ServerResponse) => {
    let rawBody: string;
    try {
      // Bolt reuses a body buffered here (`rawBody`), so its own signature check still sees the exact bytes.
      rawBody = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody.toString();
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode?: number }).statusCode === 413;
      refuse(res, tooLarge ? 413 : 400, 'slack request refused: its body could not be read', { reason: tooLarge ? 'body too large' : 'body could not be read' });
      return;
    }
    const contentType = req.headers['content-type'];
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    // Unsigned or badly signed requests go to Bolt untouched: it answers 401 and runs nothing.
    const signed =
      typeof signature === 'string' &&
      isValidSlackRequest({ signingSecret: opts.signingSecret, body: rawBody, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
    const reason = signed ? malformedReason(rawBody, contentType) : null;
    if (reason) {
      refuse(res, 400, 'slack request refused: signed but not a shape Slack sends', { reason, contentType, bytes: Buffer.byteLength(rawBody) });
      return;
    }
    boltListener(req, res);
  };

  receiver.requestListener = (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    // Only Slack's POSTs to the events endpoint are guarded; anything else (404s …) stays Bolt's, synchronously.
    if (req.method !== 'POST' || path !== endpoint) return boltListener(req, res);
    guarded(req, res).catch((err: unknown) => {
      log.error('slack request failed before Bolt could handle it', { err });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  return receiver;
}
