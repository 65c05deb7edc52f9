import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTrees } from "../support/temp-knowledge.js";
import { documentsIn, failure, GIVEN, run, workspace } from "./support/import.js";
import { ARTICLE, NEWS_PAGE } from "./support/news-page.js";
import { serve, type TestServer } from "./support/server.js";

let server: TestServer;

beforeAll(async () => {
  server = await serve((request, response) => {
    const path = request.url ?? "/";
    if (path === "/news") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(NEWS_PAGE);
    } else if (path === "/moved") {
      response.writeHead(301, { location: "/news" });
      response.end();
    } else if (path === "/loop") {
      response.writeHead(302, { location: "/loop" });
      response.end();
    } else if (path === "/slow") {
      // never answers: the importer must give up by itself
    } else if (path === "/photo") {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    } else if (path === "/huge") {
      // 100 MB of HTML, streamed without a Content-Length
      response.writeHead(200, { "content-type": "text/html" });
      const chunk = Buffer.alloc(1024 * 1024, "<p>filler</p>\n");
      let sent = 0;
      const pump = () => {
        while (sent < 100) {
          sent++;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("error", () => undefined);
      pump();
    } else if (path === "/huge-declared") {
      response.writeHead(200, {
        "content-type": "text/html",
        "content-length": String(100 * 1024 * 1024),
      });
      response.write("<html>");
    } else if (path === "/empty") {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html><body><nav><a href='/'>Home</a></nav></body></html>");
    } else {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
});

afterAll(async () => {
  await server.close();
  await removeTrees();
});

describe("importing a web page by URL", () => {
  it("keeps the article and leaves navigation, share bar, byline, back-to-top and footer behind", async () => {
    const { knowledge } = await workspace();
    const report = await run(`${server.url}/news`, knowledge);
    expect(report.document.paragraphs).toEqual(ARTICLE);
  });

  it("reads title, author, site and date from the page's metadata", async () => {
    const { knowledge } = await workspace();
    const report = await run(`${server.url}/news`, knowledge);
    expect(report.document.metadata).toMatchObject({
      title: "Ports Reopen After Storm",
      author: "Anna Smith",
      source: "Harbour Daily",
      published: "2024-03-05",
    });
  });

  it("records the address the page was read from", async () => {
    const { knowledge } = await workspace();
    const report = await run(`${server.url}/moved`, knowledge);
    expect(report.document.metadata.url).toBe(`${server.url}/news`);
  });

  it("gives up on a server that does not answer in time", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/slow`;
    expect(await failure(url, knowledge, { limits: { timeoutMs: 300 } })).toBe(
      `${url}: timed out: no complete answer within 0.3 s`,
    );
    expect(await documentsIn(knowledge)).toEqual([]);
  });

  it("stops following redirects that never end", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/loop`;
    expect(await failure(url, knowledge)).toBe(
      `${url}: too many redirects (more than 5): the address loops or keeps moving`,
    );
  });

  it("refuses an address that returns an image", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/photo`;
    expect(await failure(url, knowledge, { metadata: GIVEN })).toBe(
      `${url}: not a document: the server returns image/png`,
    );
  });

  it("stops reading a 100 MB page at the size limit", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/huge`;
    expect(await failure(url, knowledge, { metadata: GIVEN })).toBe(
      `${url}: too large: the page is more than 20 MB`,
    );
  });

  it("refuses a page whose declared length is over the limit without reading it", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/huge-declared`;
    expect(await failure(url, knowledge, { metadata: GIVEN })).toBe(
      `${url}: too large: the page is 100 MB, more than 20 MB`,
    );
  });

  it("names the server's answer when the page is missing", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/missing`;
    expect(await failure(url, knowledge, { metadata: GIVEN })).toBe(
      `${url}: the server answered 404 Not Found`,
    );
  });

  it("refuses a page that yields no paragraphs", async () => {
    const { knowledge } = await workspace();
    const url = `${server.url}/empty`;
    expect(await failure(url, knowledge, { metadata: GIVEN })).toBe(
      `${url}: no paragraphs: nothing readable as text was found in it`,
    );
  });

  it("refuses an address that is not http or https", async () => {
    const { knowledge } = await workspace();
    expect(await failure("ftp://example.org/a.pdf", knowledge, { metadata: GIVEN })).toBe(
      "ftp://example.org/a.pdf: only http and https URLs can be imported, not ftp:",
    );
  });
});
