import { BOT_BUILD_ENV, buildBot, removeBuild } from "../testkit/bot-build.js";

/** Compiles the bot once for every process the specs start; removes the build afterwards. */
export default async function setup(): Promise<() => void> {
  const folder = await buildBot();
  process.env[BOT_BUILD_ENV] = folder;
  return () => removeBuild(folder);
}
