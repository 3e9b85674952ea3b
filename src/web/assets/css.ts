// The one stylesheet of the web app: system fonts, no images, contrast at least 4.5:1, a visible focus
// ring, and one column under 900 px (phones).
export const CSS = String.raw`
:root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--panel:#f4f5f7;--line:#c9ccd1;--accent:#0b5cad;--accent-fg:#fff;--hl:#fff3b0;--bad:#a4161a;--ok:#1b6e20;--warn:#7a4b00;--focus:#c2410c}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--accent);color:var(--accent-fg);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.5rem 1rem;background:#12355b;color:#fff}
header.top a,header.top button{color:#fff}
header.top .brand{font-weight:700;text-decoration:none;font-size:1.1rem}
nav.main ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
nav.main a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header.top form{margin-left:auto}
header.top .who{font-size:.875rem;opacity:.9}
main{max-width:1400px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.25rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
label{font-weight:600;display:block;margin:.25rem 0}
input,select,textarea,button{font:inherit;color:inherit}
input[type=text],input[type=search],input[type=password],input[type=date],input[type=number],select,textarea{border:1px solid #767676;border-radius:4px;padding:.4rem .5rem;background:#fff;max-width:100%}
textarea{width:100%;min-height:4rem}
button,.button{display:inline-block;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);border-radius:4px;padding:.4rem .9rem;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
header.top button{background:transparent;border-color:#fff}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;background:var(--panel);padding:.75rem;border-radius:6px;margin-bottom:1rem}
.filters .field{display:flex;flex-direction:column}
.filters label{font-size:.875rem}
.check{display:flex;gap:.4rem;align-items:center}
.check label{display:inline;margin:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-size:.875rem}
th a{color:inherit}
.num{text-align:right;font-variant-numeric:tabular-nums}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.error,.notice{border-left:4px solid var(--bad);background:#fdecea;padding:.5rem .75rem;margin:.5rem 0}
.notice{border-color:var(--ok);background:#e8f5e9}
.muted{color:var(--muted)}
.badge{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;border:1px solid currentColor;white-space:nowrap}
.badge.overdue{color:var(--bad);font-weight:700}
.badge.done{color:var(--ok)}
.badge.in_progress{color:var(--warn)}
.badge.open{color:var(--muted)}
.tabs{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem}
.tabs a{display:block;padding:.3rem .75rem;border:1px solid var(--line);border-radius:999px;text-decoration:none}
.tabs a[aria-current=page]{background:var(--accent);color:var(--accent-fg);border-color:var(--accent)}
/* upload */
.drop{border:2px dashed #767676;border-radius:8px;padding:2rem 1rem;text-align:center;background:var(--panel)}
.drop.over{border-color:var(--accent);background:#e7f0fa}
.uploads{list-style:none;padding:0}
.uploads li{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
.uploads progress{width:100%;height:1rem}
.uploads .state{font-size:.9rem}
.uploads .failed .state{color:var(--bad);font-weight:600}
/* review */
.review{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;align-items:start}
.pagefig{position:sticky;top:.5rem;margin:0}
.pagefig .frame{position:relative;display:inline-block;max-width:100%}
.pagefig img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
.pagefig .box{position:absolute;border:3px solid var(--focus);background:rgba(255,200,0,.2);pointer-events:none}
.pagefig[hidden]{display:none}
.lines{list-style:none;margin:0;padding:0;font-family:ui-monospace,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9rem}
.lines li{display:grid;grid-template-columns:3.5rem 1fr;gap:.5rem;padding:0 .25rem;border-left:4px solid transparent}
.lines .ln{color:var(--muted);text-align:right;text-decoration:none}
.lines li.hl,.lines li:target{background:var(--hl);border-left-color:var(--focus)}
.lines .unsure{text-decoration:underline wavy var(--bad);text-underline-offset:3px}
.record dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
.record dt{font-weight:600}
.record dd{margin:0}
.directives{list-style:none;padding:0;margin:0}
.directives>li{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.5rem}
.directives>li.selected{border-color:var(--focus);box-shadow:0 0 0 2px var(--focus)}
.directive-pick{display:block;width:100%;text-align:left;background:#fff;color:var(--fg);border:0;padding:0}
.directive-pick:hover{background:var(--panel)}
.meta{font-size:.875rem;color:var(--muted)}
details{margin:.25rem 0}
summary{cursor:pointer;color:var(--accent)}
.formrow{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.25rem 0}
.formrow .field{flex:1 1 12rem}
.formrow .field input,.formrow .field textarea{width:100%}
mark{background:#ffe066;color:inherit}
.results{list-style:none;padding:0}
.results li{padding:.5rem 0;border-bottom:1px solid var(--line)}
.login{max-width:28rem;margin:3rem auto}
.login input{width:100%}
.history{font-size:.9rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:900px){
 .review{grid-template-columns:1fr}
 .pagefig{position:static}
 header.top form{margin-left:0}
 table.stack thead{position:absolute;left:-9999px}
 table.stack tr{display:block;border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.25rem}
 table.stack td{display:block;border:0;padding:.15rem .5rem}
 table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
 main{padding:.5rem}
}
@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}}
`;
