// Telegram HTML → terminal text. Only the tags the bot itself produces need handling.
const ANSI = {
  bold: ["\x1b[1m", "\x1b[22m"],
  italic: ["\x1b[3m", "\x1b[23m"],
  dim: ["\x1b[2m", "\x1b[22m"],
} as const;

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&" };

/** Renders our HTML for a terminal: bold and italics as ANSI styles (or plain), quotes indented. */
export function renderHtml(html: string, colour: boolean): string {
  const style = (kind: keyof typeof ANSI, open: boolean) =>
    colour ? ANSI[kind][open ? 0 : 1] : "";
  let text = html
    .replace(/<blockquote[^>]*>([\s\S]*?)<\/blockquote>/g, (_m, inner: string) =>
      inner
        .split("\n")
        .map((line) => `  │ ${line}`)
        .join("\n"),
    )
    .replace(/<(b|strong)>/g, style("bold", true))
    .replace(/<\/(b|strong)>/g, style("bold", false))
    .replace(/<(i|em)>/g, style("italic", true))
    .replace(/<\/(i|em)>/g, style("italic", false))
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, "$2 ($1)")
    .replace(/<\/?(code|pre|u|s|tg-spoiler)>/g, "");
  text = text.replace(/&(?:lt|gt|quot|amp);/g, (e) => ENTITIES[e] ?? e);
  return text;
}

export function dim(text: string, colour: boolean): string {
  return colour ? `${ANSI.dim[0]}${text}${ANSI.dim[1]}` : text;
}
