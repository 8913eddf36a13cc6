// A JSON Feed reader that we did not write: npm's @extractus/feed-extractor reads the feed at the URL given and
// prints what it understood as JSON, for check_readers.py to judge. check-readers.sh installs the package beside a
// copy of this script.
import { extract } from "@extractus/feed-extractor";

const url = process.argv[2];
const feed = await extract(url, {
  descriptionMaxLen: 0,
  getExtraEntryFields: (item) => ({
    authors: (item.authors || []).map((author) => author.name),
    contentHtml: item.content_html || "",
  }),
});
process.stdout.write(JSON.stringify(feed));
