/** Core Reply -> Block Kit messages within Slack's limits; long replies become several messages (pages). */
import type { types } from '@slack/bolt';
import type { Reply, ReplyButton, ReplyField } from '../../commands/types.ts';
import { chunkMrkdwn, escapeText, link, slackCommandRefs, toMrkdwn, toPlain, truncate } from './mrkdwn.ts';

export type Block = types.KnownBlock;

/** One Slack message: fallback text for notifications plus its blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Block Kit limits we render within (https://api.slack.com/reference/block-kit). */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  elementsPerActions: 25,
  contextText: 3000,
} as const;

/** Every button's action_id starts with this; the value carries the core's action string. */
export const ACTION_PREFIX = 'paperclub-';

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) } };
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.contextText) }] };
}

/** A header; plain_text is not parsed for mentions, but angle brackets are swapped anyway so no `<!…>` is ever sent. */
export function header(text: string): Block {
  const safe = text.replace(/</g, '‹').replace(/>/g, '›');
  return { type: 'header', text: { type: 'plain_text', text: truncate(safe, LIMITS.headerText), emoji: true } };
}

/** Sections for a long mrkdwn text, each within the 3,000-character limit. */
export function sections(mrkdwn: string): Block[] {
  if (!mrkdwn.trim()) return [];
  return chunkMrkdwn(mrkdwn, LIMITS.sectionText).filter((c) => c.trim()).map(section);
}

/** An actions block of the core's buttons; at most 25, labels and values within limits. */
export function actionsBlock(buttons: ReplyButton[], blockId = 'paperclub-actions'): Block | null {
  const usable = buttons.filter((b) => b.action.length <= LIMITS.buttonValue).slice(0, LIMITS.elementsPerActions);
  if (!usable.length) return null;
  return {
    type: 'actions',
    block_id: blockId,
    elements: usable.map((b, i) => ({
      type: 'button' as const,
      action_id: `${ACTION_PREFIX}${i}`,
      text: { type: 'plain_text' as const, text: truncate(b.label, LIMITS.buttonText), emoji: true },
      value: b.action,
      // Slack has primary and danger; its default look is our secondary.
      ...(b.style === 'primary' || b.style === 'danger' ? { style: b.style } : {}),
    })),
  };
}

function fieldBlocks(fields: ReplyField[]): Block[] {
  const blocks: Block[] = [];
  let run: ReplyField[] = [];
  const flush = () => {
    for (let i = 0; i < run.length; i += LIMITS.fieldsPerSection) {
      blocks.push({
        type: 'section',
        fields: run.slice(i, i + LIMITS.fieldsPerSection).map((f) => ({
          type: 'mrkdwn' as const,
          text: truncate(`*${escapeText(f.name)}*\n${toMrkdwn(f.value)}`, LIMITS.fieldText),
        })),
      });
    }
    run = [];
  };
  for (const f of fields) {
    if (f.inline) {
      run.push(f);
      continue;
    }
    flush();
    blocks.push(...sections(`*${escapeText(f.name)}*\n${toMrkdwn(f.value)}`));
  }
  flush();
  return blocks;
}

/**
 * Renders a reply as one or more messages. Buttons and the "more" hint go on the last page;
 * at most `maxMessages` messages (a response_url takes five), the last saying what was cut.
 */
export function renderReply(input: Reply, opts: { maxMessages?: number; commandWords?: readonly string[] } = {}): SlackMessage[] {
  const maxMessages = opts.maxMessages ?? 5;
  const refs = (t: string) => slackCommandRefs(t, opts.commandWords ?? []);
  const reply: Reply = {
    ...input,
    text: refs(input.text),
    fields: input.fields?.map((f) => ({ ...f, value: refs(f.value) })),
    more: input.more && refs(input.more),
  };
  const body: Block[] = [];
  if (reply.title && reply.url) body.push(section(`*${link(reply.url, reply.title)}*`));
  else if (reply.title) body.push(header(reply.title));
  const text = reply.error ? `:warning: ${toMrkdwn(reply.text)}` : toMrkdwn(reply.text);
  body.push(...sections(text));
  if (reply.fields?.length) body.push(...fieldBlocks(reply.fields));
  if (reply.file) {
    body.push(context(`${escapeText(reply.file.name)}:`));
    // Code blocks keep the file readable; no files:write scope is needed.
    for (const chunk of chunkMrkdwn(escapeText(reply.file.content), LIMITS.sectionText - 8)) body.push(section('```' + chunk + '```'));
  }
  const tail: Block[] = [];
  const actions = reply.buttons ? actionsBlock(reply.buttons) : null;
  if (actions) tail.push(actions);
  if (reply.more) tail.push(context(toMrkdwn(reply.more)));
  if (!body.length && !tail.length) body.push(section('_(nothing to show)_'));

  const perPage = LIMITS.blocksPerMessage;
  const pages: Block[][] = [];
  for (let i = 0; i < body.length; i += perPage) pages.push(body.slice(i, i + perPage));
  if (!pages.length) pages.push([]);
  const lastPage = pages[pages.length - 1]!;
  if (lastPage.length + tail.length <= perPage) lastPage.push(...tail);
  else pages.push(tail);

  let kept = pages;
  if (pages.length > maxMessages) {
    kept = pages.slice(0, maxMessages);
    const last = kept[maxMessages - 1]!;
    const note = context(`_…and ${pages.length - maxMessages} more page(s) not shown._`);
    if (last.length >= perPage) last.splice(perPage - 1, last.length, note);
    else last.push(note);
  }
  const fallback = toPlain(reply.title ? `${reply.title}: ${reply.text}` : reply.text) || 'paperclub';
  return kept.map((blocks, i) => ({ text: i === 0 ? fallback : `${truncate(fallback, 200)} (${i + 1}/${kept.length})`, blocks }));
}
