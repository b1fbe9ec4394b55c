const channelClasses = ['phone and email', 'phone only', 'email only', 'none'] as const;
export type ChannelClass = (typeof channelClasses)[number];

/** How the resident can be reached, from the canonical channel list; null when the profile does not say. */
export function channelClass(channel: readonly string[] | null): ChannelClass | null {
  if (channel === null) return null;
  const phone = channel.includes('phone');
  const email = channel.includes('email');
  if (phone && email) return 'phone and email';
  if (phone) return 'phone only';
  return email ? 'email only' : 'none';
}
