// Writes tests/xss/markdown.jsonl: XSS vectors aimed at the Markdown output (what a
// CommonMark/GFM renderer could turn into script), in the shared oracle's format
// ({"id", "source", "payload"} per line; the payload is the HTML given to cleanArticle).
//
//   node scripts/xss/markdown-vectors.mjs      # rewrites tests/xss/markdown.jsonl
import { writeFileSync } from 'node:fs';

/** Spellings of `javascript:` (and other script schemes) in an attribute value, as HTML source. */
const schemes = [
  'javascript&amp;#58;alert(1)', 'javascript&amp;colon;alert(1)', 'javascript&amp;#x3A;alert(1)',
  'javascript&amp;#x3a;alert(1)', 'javascript&amp;#0000058;alert(1)', 'javascript&amp;#58alert(1)',
  'javascript&amp;colonalert(1)', '&amp;#106;avascript:alert(1)', '&amp;#x6A;avascript&amp;#x3A;alert(1)',
  'jav&amp;#x61;script&amp;#58;alert(1)', 'java&amp;#9;script&amp;#58;alert(1)',
  'java&amp;Tab;script&amp;colon;alert(1)', 'java&amp;NewLine;script&amp;colon;alert(1)',
  'java&amp;#10;script:alert(1)', 'java&amp;#13;script:alert(1)', 'JaVaScRiPt&amp;#58;alert(1)',
  'data&amp;#58;text/html,&lt;script&gt;alert(1)&lt;/script&gt;',
  'data&amp;colon;text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript&amp;#58;msgbox(1)', 'VBScript&amp;colon;msgbox(1)', 'javascript%3Aalert(1)',
  '%6Aavascript:alert(1)', 'javascript:alert(1)', '&#106;avascript:alert(1)', 'jav&#x09;ascript:alert(1)',
  ' javascript:alert(1)', '\\javascript:alert(1)', 'javascript\\:alert(1)', 'javascript&amp;#92;:alert(1)',
  'java\\script&amp;#58;alert(1)', '&amp;#x26;#58;javascript:alert(1)', 'javascript&amp;amp;#58;alert(1)',
  'x)](javascript:alert(1)', 'x) [y](javascript:alert(1)', 'x" onerror="alert(1)', "x' onerror='alert(1)",
  'x&gt;&lt;img src=x onerror=alert(1)&gt;', 'https://e.com/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;',
  'https://e.com/a b)<img src=x onerror=alert(1)>', 'https://e.com/`<img src=x onerror=alert(1)>`',
  '&lt;javascript:alert(1)&gt;', 'x)%0a[y]: javascript:alert(1)',
];
/** Text (HTML source) a renderer might read as markup. */
const texts = [
  'https://e.com&lt;img src=x onerror=alert(1)//&gt;', 'https://e.com\\&lt;img src=x onerror=alert(1)//\\&gt;',
  'see https://e.com/\\&lt;img src=x onerror=alert(1)&gt; now', 'HTTPS://E.COM&lt;img src=x onerror=alert(1)&gt;',
  'http://e.com&lt;svg onload=alert(1)&gt;', 'ftp://e.com&lt;img src=x onerror=alert(1)&gt;',
  'a www.e.com&lt;img src=x onerror=alert(1)&gt; b', 'xwww.e.com&lt;img src=x onerror=alert(1)&gt;',
  'WWW.E.COM\\&lt;img src=x onerror=alert(1)&gt;', '(www.e.com)&lt;img src=x onerror=alert(1)&gt;',
  'mailto:a@e.com&lt;img src=x onerror=alert(1)&gt;', 'a@e.com&lt;img src=x onerror=alert(1)&gt;',
  'xmpp:a@e.com&lt;img src=x onerror=alert(1)&gt;', 'https://e.com*&lt;img src=x onerror=alert(1)&gt;*',
  '&lt;https://e.com/&gt;', '&lt;javascript:alert(1)&gt;', '&lt;JAVASCRIPT:alert(1)&gt;', '&lt;a@e.com&gt;',
  '&lt;img src=x onerror=alert(1)&gt;', '\\&lt;img src=x onerror=alert(1)&gt;', '\\\\&lt;img src=x onerror=alert(1)&gt;',
  '&lt;!-- --&gt;&lt;img src=x onerror=alert(1)&gt;', '&lt;![CDATA[&lt;img src=x onerror=alert(1)&gt;]]&gt;',
  '&amp;lt;img src=x onerror=alert(1)&amp;gt;', '&amp;#60;img src=x onerror=alert(1)&amp;#62;',
  '&amp;#x3C;img src=x onerror=alert(1)&gt;', '&amp;amp;#58; &amp;colon; &amp;#58;',
  '[x](javascript:alert(1))', '[x](javascript&amp;#58;alert(1))', '![x](javascript:alert(1))',
  '[x][r]\n\n[r]: javascript:alert(1)', '[r]\n\n[r]: javascript&amp;#58;alert(1) "t"',
  '[x]: &lt;javascript:alert(1)&gt;\n\n[x]', '[^1]\n\n[^1]: &lt;img src=x onerror=alert(1)&gt;',
  '\\[x\\](javascript:alert(1))', '[x\\](javascript:alert(1))', '[x]\\(javascript:alert(1))',
  '[[x]](javascript:alert(1))', '[x](&lt;javascript:alert(1)&gt;)', '[x](javascript:alert(1) "&lt;img src=x onerror=alert(1)&gt;")',
  '**&lt;img src=x onerror=alert(1)&gt;**', '*&lt;*img src=x onerror=alert(1)&gt;', '_&lt;_img src=x onerror=alert(1)&gt;',
  '~~&lt;~~img src=x onerror=alert(1)&gt;', '`&lt;img src=x onerror=alert(1)&gt;`', '`` ` ``&lt;img src=x onerror=alert(1)&gt;',
  '```\n&lt;img src=x onerror=alert(1)&gt;\n```', '~~~\n&lt;img src=x onerror=alert(1)&gt;', '    &lt;img src=x onerror=alert(1)&gt;',
  '# &lt;img src=x onerror=alert(1)&gt;', '- &lt;img src=x onerror=alert(1)&gt;', '1. &lt;img src=x onerror=alert(1)&gt;',
  '&gt; &lt;img src=x onerror=alert(1)&gt;', '---\n&lt;img src=x onerror=alert(1)&gt;', '| &lt;img src=x onerror=alert(1)&gt; | b |\n| --- | --- |',
  'a | b\n--- | ---\n&lt;img src=x onerror=alert(1)&gt; | c', '&lt;details open ontoggle=alert(1)&gt;',
  '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;', '&lt;iframe src=javascript:alert(1)&gt;',
  '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;style&gt;&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;',
  '$$&lt;img src=x onerror=alert(1)&gt;$$', '{{constructor.constructor(\'alert(1)\')()}}',
];
/** Contexts a string is put in (HTML source with `$` for the string). */
const wrappers = [
  '<p>$</p>', '<p>a $ b</p>', '<h2>$</h2>', '<ul><li>$</li></ul>', '<blockquote><p>$</p></blockquote>',
  '<p><b>$</b></p>', '<p><em>x</em>$</p>', '<p><a href="https://e.com/">$</a></p>', '<p><code>$</code></p>',
  '<pre>$</pre>', '<blockquote><pre><code>a&#13;$</code></pre></blockquote>', '<ul><li><pre>a&#13;$</pre></li></ul>',
  '<table><tr><th>h</th><th>i</th></tr><tr><td>$</td><td>x</td></tr></table>',
  '<table><tr><td colspan="2">$</td></tr><tr><td>a</td><td>b</td></tr></table>',
  '<table><caption>$</caption><tr><td>a</td><td>b</td></tr></table>',
  '<p>x<br>$<br>y</p>', '<p><a href="https://e.com/">x<br><br>$</a>$</p>',
  '<p><a href="https://e.com/">x</a><br><br><a href="https://e.com/">http</a>$</p>',
  '<p><a href="https://e.com/">a<br><br>https</a>://e.com\\&lt;img src=x onerror=alert(1)&gt;$</p>',
  '<p><a href="https://e.com/">a<br><br>www</a>.e.com\\&lt;img src=x onerror=alert(1)&gt;$</p>',
  '<p><b>https</b>://e.com\\&lt;img src=x onerror=alert(1)&gt;$</p>', '<p>https<b></b>://e.com\\&lt;img src=x onerror=alert(1)&gt;$</p>',
];
/** Elements carrying a URL (`$` for the attribute value). */
const urlContexts = [
  '<p><a href="$">x</a></p>', '<p><a href="$" title="$">x</a></p>', '<p><img src="$" alt="$"></p>',
  '<p><a href="https://e.com/" title="$">x</a></p>', '<p><img src="https://e.com/i.png" title="$" alt="a"></p>',
  '<p><a href="$"><img src="$" alt="a"></a></p>', '<ul><li><a href="$">x</a></li></ul>', '<h2><a href="$">x</a></h2>',
  '<table><tr><th>a</th><th>b</th></tr><tr><td><a href="$">x</a></td><td><img src="$"></td></tr></table>',
  '<table><tr><td colspan="2"><a href="$">x</a> <img src="$"></td></tr><tr><td>a</td><td>b</td></tr></table>',
  '<p><iframe src="$"></iframe></p>', '<p><video src="$"></video></p>', '<blockquote cite="$"><p>q</p></blockquote>',
  '<p><a href="$">https://e.com/</a>&lt;img src=x onerror=alert(1)&gt;</p>',
];

const rows = [];
const add = (kind, payload) => rows.push({ id: `md-${kind}-${rows.length}`, source: 'markdown', payload });
for (const c of urlContexts) for (const s of schemes) add('url', c.split('$').join(s));
for (const w of wrappers) for (const t of texts) add('text', w.split('$').join(t));
writeFileSync(new URL('../../tests/xss/markdown.jsonl', import.meta.url),
  rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`tests/xss/markdown.jsonl: ${rows.length} vectors`);
