/** Signs a Pusher-protocol private channel subscription; present only in the pusher realtime mode. */
export interface ChannelAuthorizer {
  authorizeChannel(socketId: string, channel: string): { auth: string; channel_data?: string };
}
