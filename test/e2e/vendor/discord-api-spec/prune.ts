/**
 * Regenerates openapi.pruned.json from Discord's full OpenAPI spec (discord/discord-api-spec, specs/openapi.json):
 * only the operations the bot calls, each with its request body and parameters (responses dropped), and only the
 * component schemas those bodies reach. The stand-in (test/e2e/discord-schema.ts) validates requests against it.
 *
 *   npx tsx test/e2e/vendor/discord-api-spec/prune.ts /path/to/discord-api-spec/specs/openapi.json
 *
 * Then put the spec's commit in README.md. A route the bot starts using goes into OPERATIONS first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every REST operation the bot (discord.js on its behalf) sends, as the spec names its path. */
export const OPERATIONS: ReadonlyArray<readonly [method: string, path: string]> = [
  ['get', '/gateway/bot'],
  ['get', '/users/@me'],
  ['get', '/users/{user_id}'],
  ['post', '/users/@me/channels'],
  ['put', '/applications/{application_id}/commands'],
  ['put', '/applications/{application_id}/guilds/{guild_id}/commands'],
  ['get', '/channels/{channel_id}'],
  ['get', '/channels/{channel_id}/messages'],
  ['post', '/channels/{channel_id}/messages'],
  ['get', '/channels/{channel_id}/messages/{message_id}'],
  ['patch', '/channels/{channel_id}/messages/{message_id}'],
  ['put', '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me'],
  ['delete', '/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me'],
  ['post', '/channels/{channel_id}/messages/{message_id}/threads'],
  ['get', '/channels/{channel_id}/polls/{message_id}/answers/{answer_id}'],
  ['post', '/channels/{channel_id}/polls/{message_id}/expire'],
  ['get', '/guilds/{guild_id}/members/{user_id}'],
  ['get', '/guilds/{guild_id}/scheduled-events'],
  ['post', '/guilds/{guild_id}/scheduled-events'],
  ['get', '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}'],
  ['patch', '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}'],
  ['delete', '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}'],
  ['post', '/interactions/{interaction_id}/{interaction_token}/callback'],
  ['post', '/webhooks/{webhook_id}/{webhook_token}'],
  ['get', '/webhooks/{webhook_id}/{webhook_token}/messages/@original'],
  ['patch', '/webhooks/{webhook_id}/{webhook_token}/messages/@original'],
  ['delete', '/webhooks/{webhook_id}/{webhook_token}/messages/@original'],
  ['patch', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}'],
  ['delete', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}'],
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The pruned spec: the kept operations and every component schema their request bodies reach. */
export function prune(spec: any): any {
  const paths: Record<string, Record<string, Json>> = {};
  const wanted = new Set<string>();
  const collect = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.replace('#/components/schemas/', '');
        if (!wanted.has(name)) {
          wanted.add(name);
          const schema = spec.components.schemas[name];
          if (schema === undefined) throw new Error(`spec has no component ${name}`);
          collect(schema);
        }
      } else collect(v);
    }
  };
  for (const [method, path] of OPERATIONS) {
    const op = spec.paths[path]?.[method];
    if (!op) throw new Error(`spec has no operation ${method.toUpperCase()} ${path}`);
    const kept: Record<string, Json> = { operationId: op.operationId };
    if (op.parameters) kept.parameters = op.parameters;
    if (op.requestBody) kept.requestBody = op.requestBody;
    collect(kept);
    paths[path] = { ...(paths[path] ?? {}), [method]: kept };
  }
  const schemas = Object.fromEntries([...wanted].sort().map((n) => [n, spec.components.schemas[n]]));
  return { openapi: spec.openapi, info: spec.info, paths, components: { schemas } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = process.argv[2];
  if (!source) throw new Error('usage: prune.ts /path/to/specs/openapi.json');
  const out = join(dirname(fileURLToPath(import.meta.url)), 'openapi.pruned.json');
  writeFileSync(out, JSON.stringify(prune(JSON.parse(readFileSync(source, 'utf8'))), null, 1) + '\n');
  console.log(`wrote ${out}`);
}
