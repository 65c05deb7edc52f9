import { HttpError, type Transformer } from "grammy";

/**
 * Whether the Bot API answered the last call (with anything, even an error): a cheap signal for
 * `/healthz`, observed from the calls the bot makes anyway.
 */
export class ApiReachability {
  reachable = true;

  readonly transformer: Transformer = async (previous, method, payload, signal) => {
    try {
      const response = await previous(method, payload, signal);
      this.reachable = true;
      return response;
    } catch (error) {
      if (error instanceof HttpError && !signal?.aborted) this.reachable = false;
      throw error;
    }
  };
}
