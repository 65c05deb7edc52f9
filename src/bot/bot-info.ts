import type { UserFromGetMe } from "grammy/types";

/**
 * The bot's identity when there is no Bot API to ask (terminal chat, tests, load runs): what
 * getMe would return for a bot with default settings.
 */
export function offlineBotInfo(
  identity: Pick<UserFromGetMe, "id" | "first_name" | "username">,
): UserFromGetMe {
  return {
    is_bot: true,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...identity,
  };
}
