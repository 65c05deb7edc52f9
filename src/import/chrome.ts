/**
 * Page chrome: text a web page or a printed page carries around the article, which a reader
 * skips and which must not become a numbered paragraph. Each pattern matches a whole block.
 */
const CHROME: readonly RegExp[] = [
  // calls to subscribe, sign up, follow
  /^(subscribe|sign up|sign in|log ?in|register)\b.{0,60}$/i,
  /^(follow us|join us|get our newsletter|newsletter)\b.{0,60}$/i,
  /^(подпишитесь|подписаться|订阅|关注我们).{0,40}$/i,
  // back to top, skip links
  /^(back|return|go|scroll) to (the )?top\W*$/i,
  /^skip to (main )?(content|navigation)$/i,
  /^(наверх|вернуться наверх|返回顶部)$/i,
  // breadcrumbs: "Your Present Location: PROGRAMS> Major Power Relations", "Home › World"
  /^(your (present |current )?location|you are here|breadcrumbs?|当前位置|您的位置|вы здесь)\s*[:：]/i,
  /^[^.!?]{1,40}(\s*[>›»]\s*[^.!?>›»]{1,40}){1,6}$/,
  // empty or list-like labels at the end of articles
  /^(key ?words?|tags?|topics?|categories|related( articles| stories| posts)?|read more|see also|ключевые слова|теги|关键词|标签|相关文章)(\s*[:：].{0,200})?$/i,
  // share bars: only share targets and separators
  /^((share|tweet|print|email|e-mail|facebook|twitter|x|linkedin|whatsapp|telegram|vk|weibo|wechat|reddit|copy link|поделиться|分享)[\s:|·•,/]*)+$/i,
  // page numbers and advertising markers
  /^(page\s+)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
  /^[-–—]\s*\d{1,4}\s*[-–—]$/,
  /^(advertisement|sponsored|реклама|广告)$/i,
  /^(menu|search|home|меню|поиск|главная|首页|搜索)$/i,
  /^(©|copyright ©|copyright \(c\)|all rights reserved).{0,120}$/i,
  /^(print|печать|打印)( this)?( page| article)?$/i,
];

/** `true` when a whole block is page chrome rather than text of the document. */
export function isChrome(text: string): boolean {
  const line = text.trim();
  // Chrome is short; a long block is text even when it starts like a call to subscribe.
  if (line.length > 120) return false;
  return CHROME.some((pattern) => pattern.test(line));
}
