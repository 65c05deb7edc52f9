/** The article text of the news page, as a reader sees it. */
export const ARTICLE = [
  "Container ships returned to the northern harbour on Tuesday after a storm closed it for three days, the port authority said.",
  "Cranes were inspected overnight and the first vessel, carrying grain, was unloaded by noon, according to the harbour master.",
  "Dock workers clear debris from the northern quay on Tuesday morning. Photo: Lee Chen",
  "Officials expect the backlog of about forty ships to clear by the end of the week if the weather holds.",
];

/**
 * A news page as sites publish them: navigation, a call to subscribe, a share bar, the
 * title repeated in the page, a byline, a photo with a caption, "back to top" and a footer.
 */
export const NEWS_PAGE = `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ports Reopen After Storm | Harbour Daily</title>
<meta property="og:title" content="Ports Reopen After Storm">
<meta property="og:site_name" content="Harbour Daily">
<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">
<meta name="author" content="Anna Smith">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ports Reopen After Storm","author":{"@type":"Person","name":"Anna Smith"},"publisher":{"@type":"Organization","name":"Harbour Daily"},"datePublished":"2024-03-05"}</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li></ul></nav>
<a class="subscribe" href="/subscribe">Subscribe</a></header>
<main><article>
<h1>Ports Reopen After Storm</h1>
<p class="byline">By Anna Smith</p>
<div class="share">Share: Facebook | Twitter | Email</div>
<p>${ARTICLE[0]}</p>
<p>Cranes were <em>inspected</em> overnight and the first vessel, carrying grain, was unloaded by noon, according to the <a href="/people/harbour-master">harbour master</a>.</p>
<figure><img src="/quay.jpg" alt="Quay"><figcaption>${ARTICLE[2]}</figcaption></figure>
<p>${ARTICLE[3]}</p>
<p><a href="#top">Back to top</a></p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm warnings issued for the coast</a></li><li><a href="/b">Grain prices steady</a></li></ul></aside>
<footer><p>© 2024 Harbour Daily. All rights reserved.</p><p><a href="/privacy">Privacy</a> · <a href="/contact">Contact</a></p></footer>
</body></html>`;
