const channelClasses = ['phone and email', 'phone only', 'email only', 'none', 'unknown'] as const;
export type ChannelClass = (typeof channelClasses)[number];

/**
 * How the resident can be reached, from the canonical channel list. One rule for what the services write:
 * no channel key at all means the service did not say (unknown); an empty list, or [null, null] as regprc
 * writes for an identity with neither phone nor email, means none.
 */
export function channelClass(channel: readonly string[] | null): ChannelClass {
  if (channel === null) return 'unknown';
  const phone = channel.includes('phone');
  const email = channel.includes('email');
  if (phone && email) return 'phone and email';
  if (phone) return 'phone only';
  return email ? 'email only' : 'none';
}
