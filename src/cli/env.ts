/**
 * Reads `.env` into the environment, as `npm start` does, so that every command sees the same
 * configuration (KNOWLEDGE_DIR, DATA_DIR, REDIS_URL…). Variables already set win. Imported
 * first, for its effect, by each command-line tool.
 */
import dotenv from "dotenv";

dotenv.config({ quiet: true });
