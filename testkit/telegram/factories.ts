/**
 * Factories for users and chats as Telegram shows them to a bot. Identifiers are unique within
 * the process (counters), so tests running in the same worker never collide.
 */
import type { Chat, User } from "grammy/types";

let nextUserId = 100_000_001;
let nextGroupId = 4_000_000_001;
let nextSupergroupId = 2_000_000_001;

/** A human user: `{ id, is_bot: false, first_name, language_code }` plus whatever you override. */
export function makeUser(init: Partial<User> = {}): User {
  const id = init.id ?? nextUserId++;
  return {
    id,
    is_bot: false,
    first_name: init.first_name ?? `User${id}`,
    language_code: "en",
    ...init,
  };
}

/** The private chat between `user` and the bot (its id equals the user's id, as on Telegram). */
export function privateChat(user: User): Chat.PrivateChat {
  const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
  if (user.last_name !== undefined) chat.last_name = user.last_name;
  if (user.username !== undefined) chat.username = user.username;
  return chat;
}

/** A basic group (negative id, e.g. -4000000001). */
export function makeGroup(init: { id?: number; title?: string } = {}): Chat.GroupChat {
  const id = init.id ?? -nextGroupId++;
  return { id, type: "group", title: init.title ?? `Group ${-id}` };
}

/**
 * A supergroup (id like -1002000000001); `isForum: true` makes it a forum whose topics you create
 * with `BotApiEmulator.createForumTopic`.
 */
export function makeSupergroup(
  init: { id?: number; title?: string; username?: string; isForum?: boolean } = {},
): Chat.SupergroupChat {
  const id = init.id ?? Number(`-100${nextSupergroupId++}`);
  const chat: Chat.SupergroupChat = {
    id,
    type: "supergroup",
    title: init.title ?? `Supergroup ${id}`,
  };
  if (init.username !== undefined) chat.username = init.username;
  if (init.isForum === true) chat.is_forum = true;
  return chat;
}
