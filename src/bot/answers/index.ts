/**
 * The answer layer between search and Telegram: answering a question, quoting a paragraph,
 * feedback on an answer, and the rule for the language an answer is shown in. Features call
 * it and never each other.
 */
export { type AnswerPage, answerQuestion, PASSAGES_PER_ANSWER } from "./answer.js";
export { displayLanguage, textsIn } from "./display.js";
export { giveFeedback } from "./feedback.js";
export { quoteClosest, quoteFull, quoteOriginal } from "./quote.js";
export { type ReplyExtra, replyAll, replyToMessage } from "./reply.js";
