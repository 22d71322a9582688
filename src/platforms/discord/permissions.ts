import { PermissionFlagsBits } from 'discord.js';

/** The channel permissions the bot needs for a club, with the names Discord shows for them in channel settings. */
export const REQUIRED_PERMISSIONS: ReadonlyArray<readonly [bigint, string]> = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.AddReactions, 'Add Reactions'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
];

/**
 * Server permissions for meetings in the Events tab (optional: without them posts still work). Create Events (1 << 44)
 * creates events and edits or cancels the bot's own; Manage Events (1 << 33) is only for other people's events, so it
 * is not asked for. Connect (1 << 20) is what a voice-channel event needs besides View Channel; a stage event's Manage
 * Channels, Mute Members and Move Members are moderator powers, granted on the stage channel only by a club that uses
 * one (https://discord.com/developers/docs/resources/guild-scheduled-event#guild-scheduled-event-object-permissions-requirements).
 */
export const EVENT_PERMISSIONS: ReadonlyArray<readonly [bigint, string]> = [
  [PermissionFlagsBits.CreateEvents, 'Create Events'],
  [PermissionFlagsBits.Connect, 'Connect'],
];

/** Server permission for `/club vote` as a native poll (optional: without it the vote says what to grant). */
export const POLL_PERMISSIONS: ReadonlyArray<readonly [bigint, string]> = [[PermissionFlagsBits.SendPolls, 'Send Polls']];

/** The permissions integer for the bot's invite link (docs/discord.md): every channel bit, the event and poll bits. */
export const INVITE_PERMISSIONS: bigint = [...REQUIRED_PERMISSIONS, ...EVENT_PERMISSIONS, ...POLL_PERMISSIONS].reduce((all, [bit]) => all | bit, 0n);
