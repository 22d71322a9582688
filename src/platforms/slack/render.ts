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
  /** Slack truncates a message's text past 40,000 characters; our fallback text stays far below. */
  fallbackText: 3000,
  /**
   * Block text per message. Slack refuses long block sets with msg_blocks_too_long, reported from about
   * 12–13k characters (bolt-js #2509, #2867); we page well below that.
   */
  blockTextPerMessage: 10_000,
} as const;

/** Every button's action_id starts with this; the value carries the core's action string. */
export const ACTION_PREFIX = 'paperclub-';

export function section(mrkdwn: string): Block {
  // verbatim: Slack parses no bare @name, #channel or URL in it; only the <@U…> we write ourselves is a mention.
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText), verbatim: true } };
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.contextText), verbatim: true }] };
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
    // At most 10 fields a section, and few enough characters that one section fits a message's block text.
    let fields: Array<{ type: 'mrkdwn'; text: string; verbatim: true }> = [];
    let size = 0;
    const push = () => {
      if (fields.length) blocks.push({ type: 'section', fields });
      fields = [];
      size = 0;
    };
    for (const f of run) {
      const text = truncate(`*${escapeText(f.name)}*\n${toMrkdwn(f.value)}`, LIMITS.fieldText);
      if (fields.length >= LIMITS.fieldsPerSection || size + text.length > LIMITS.blockTextPerMessage / 2) push();
      fields.push({ type: 'mrkdwn', text, verbatim: true });
      size += text.length;
    }
    push();
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

/** The characters of a block's text objects, as Slack counts them towards msg_blocks_too_long. */
export function blockTextLength(block: Block): number {
  const b = block as { text?: { text?: string }; fields?: Array<{ text?: string }>; elements?: Array<{ text?: string | { text?: string } }> };
  let n = b.text?.text?.length ?? 0;
  for (const f of b.fields ?? []) n += f.text?.length ?? 0;
  for (const e of b.elements ?? []) n += typeof e.text === 'string' ? e.text.length : (e.text?.text?.length ?? 0);
  return n;
}

/** Splits blocks into messages of at most 50 blocks and `blockTextPerMessage` characters of block text each. */
export function pageBlocks(blocks: Block[]): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let size = 0;
  for (const b of blocks) {
    const n = blockTextLength(b);
    if (page.length && (page.length >= LIMITS.blocksPerMessage || size + n > LIMITS.blockTextPerMessage)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(b);
    size += n;
  }
  if (page.length) pages.push(page);
  return pages;
}

/** Messages for a mrkdwn text: sections paged within Slack's limits, each with its fallback text. */
export function textMessages(mrkdwn: string, plain: string): SlackMessage[] {
  const pages = pageBlocks(sections(mrkdwn));
  const fallback = truncate(plain || 'paperclub', LIMITS.fallbackText);
  return pages.length ? pages.map((blocks, i) => ({ text: i === 0 ? fallback : `${truncate(fallback, 200)} (${i + 1}/${pages.length})`, blocks })) : [{ text: fallback, blocks: [] }];
}

/**
 * Renders a reply as one or more messages. Buttons and the "more" hint go on the last page;
 * at most `maxMessages` messages (a response_url takes five), the last saying what was cut.
 * `fileSent` names where the reply's file went instead of inline (uploaded with files.uploadV2).
 */
export function renderReply(input: Reply, opts: { maxMessages?: number; commandWords?: readonly string[]; fileSent?: string } = {}): SlackMessage[] {
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
  if (reply.file && opts.fileSent) {
    body.push(context(`:page_facing_up: ${escapeText(reply.file.name)} — ${escapeText(opts.fileSent)}`));
  } else if (reply.file) {
    // Without an upload (it failed): the file inline as code blocks, paged like any long reply.
    body.push(context(`${escapeText(reply.file.name)}:`));
    for (const chunk of chunkMrkdwn(escapeText(reply.file.content), LIMITS.sectionText - 8)) body.push(section('```' + chunk + '```'));
  }
  const tail: Block[] = [];
  const actions = reply.buttons ? actionsBlock(reply.buttons) : null;
  if (actions) tail.push(actions);
  if (reply.more) tail.push(context(toMrkdwn(reply.more)));
  if (!body.length && !tail.length) body.push(section('_(nothing to show)_'));

  const pages = pageBlocks(body);
  if (!pages.length) pages.push([]);
  const lastPage = pages[pages.length - 1]!;
  const tailText = tail.reduce((n, b) => n + blockTextLength(b), 0);
  const lastText = lastPage.reduce((n, b) => n + blockTextLength(b), 0);
  if (lastPage.length + tail.length <= LIMITS.blocksPerMessage && lastText + tailText <= LIMITS.blockTextPerMessage) lastPage.push(...tail);
  else if (tail.length) pages.push(tail);

  let kept = pages;
  if (pages.length > maxMessages) {
    kept = pages.slice(0, maxMessages);
    const last = kept[maxMessages - 1]!;
    const note = context(`_…and ${pages.length - maxMessages} more ${pages.length - maxMessages === 1 ? "page" : "pages"} not shown._`);
    if (last.length >= LIMITS.blocksPerMessage) last.splice(LIMITS.blocksPerMessage - 1, last.length, note);
    else last.push(note);
  }
  const fallback = truncate(toPlain(reply.title ? `${reply.title}: ${reply.text}` : reply.text, LIMITS.fallbackText) || 'paperclub', LIMITS.fallbackText);
  return kept.map((blocks, i) => ({ text: i === 0 ? fallback : `${truncate(fallback, 200)} (${i + 1}/${kept.length})`, blocks }));
}
