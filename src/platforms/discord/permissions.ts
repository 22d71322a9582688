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

/** The permissions integer for the bot's invite link (docs/discord.md): every required bit. */
export const INVITE_PERMISSIONS: bigint = REQUIRED_PERMISSIONS.reduce((all, [bit]) => all | bit, 0n);
