/// The review page's markup and style; `ReviewPage` fills it in. Cards off screen are neither
/// laid out (`content-visibility: auto`) nor load their images (`loading="lazy"`), so a page of
/// 5,000 items opens in about 2 s (`ReviewPagePerformanceTests`). The header, with the status
/// line and the position, is sticky: a message never scrolls away with the toolbar.
enum ReviewPageTemplate {
    /// The whole page with every item in it (`ReviewPage.render`).
    static let html = head + "\n{{#items}}\n" + card + "\n{{/items}}\n" + tail

    /// Up to the items: rendered once, with the counts.
    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>Review: {{name}}</title>
        <style>{{{style}}}</style>
        <script>{{{earlyScript}}}</script>
        </head>
        <body data-spec="{{name}}"{{#served}} data-server="review"{{/served}}>
        <header>
          <h1>{{name}}: {{count}} images of {{products}} products</h1>
          <span class="counts"><b id="count-pending">{{pending}}</b> pending · <b id="count-approved">{{approved}}</b> approved · <b id="count-rejected">{{rejected}}</b> rejected</span>
          <label>Search <input type="search" id="search" placeholder="product id or title" autocomplete="off"></label>
          <label>State <select id="state-filter"><option value="">all</option><option>pending</option><option>approved</option><option>rejected</option></select></label>
          <label>Variant <select id="variant-filter"><option value="">all</option>{{#variants}}<option>{{.}}</option>{{/variants}}</select></label>
          <div id="status" role="status" aria-live="polite"><span id="position"></span> <span id="message"></span></div>
          <p id="warning" role="alert" hidden></p>
        </header>
        <nav id="toolbar">
          <button type="button" id="select-visible">Select visible</button>
          <button type="button" id="clear-selection">Clear</button>
          <span id="selected-count">0 selected</span>
          <button type="button" class="bulk" data-state="approved">Approve selected</button>
          <button type="button" class="bulk" data-state="rejected">Reject selected</button>
          <button type="button" class="bulk" data-state="pending">Reset selected</button>
          <span id="mode"></span>
          <button type="button" id="download" hidden>Download decisions.json</button>
          <button type="button" id="forget" hidden>Forget kept decisions</button>
        </nav>
        <aside id="help" hidden>
          <b>Keys</b>: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> approve · <kbd>r</kbd> reject ·
          <kbd>u</kbd> reset to pending · <kbd>n</kbd> note (<kbd>Enter</kbd> saves it, <kbd>Esc</kbd> cancels) ·
          <kbd>/</kbd> search (<kbd>Enter</kbd> goes to the first match, <kbd>Esc</kbd> clears it) · <kbd>f</kbd> next state filter · <kbd>x</kbd> select · <kbd>?</kbd> this help
        </aside>
        <p id="empty" hidden>No items match <span id="empty-what"></span>. <button type="button" id="show-all">Show all</button></p>
        <main>
        """

    /// One item's card: rendered for each item the page holds; the page's script builds the
    /// same markup for the items it loads from `review-data/` (`ReviewPageScript+Pages`).
    static let card = """
        <article class="item" tabindex="0" data-product="{{productID}}" data-variant="{{variantID}}" data-sha256="{{sha256}}" data-state="{{state}}">
          <div class="pair">
            <figure>{{#references}}<span class="reference" title="{{link}}"><img src="{{preview}}" alt="reference {{link}}" loading="lazy" decoding="async"><span class="unavailable">reference unavailable</span></span>{{/references}}<figcaption>reference</figcaption></figure>
            <figure><img src="{{path}}" alt="result for {{productID}} {{variantID}}" width="{{width}}" height="{{height}}" loading="lazy" decoding="async"><figcaption>result {{width}}×{{height}}</figcaption></figure>
          </div>
          <div class="meta">
            <label class="pick"><input type="checkbox" class="select"> <span class="title">{{title}}</span></label>
            <div class="ids">{{productID}} · {{variantID}} · <span class="state">{{state}}</span> <span class="reviewer">{{reviewedBy}}</span></div>
            <ul class="compliance">{{#compliance}}<li class="{{result}}" data-channel="{{channel}}"><b>{{label}}</b> {{verdict}}</li>{{/compliance}}</ul>
            <input type="text" class="note" placeholder="note (optional)" value="{{note}}" aria-label="note">
            <div class="actions">
              <button type="button" data-state="approved">Approve</button>
              <button type="button" data-state="rejected">Reject</button>
              <button type="button" data-state="pending">Reset</button>
            </div>
            <details><summary>prompt</summary>{{prompt}}</details>
          </div>
        </article>
        """

    /// After the items: where the rest of a paged catalogue is (`paging`, absent when every item
    /// is on the page) and the script.
    static let tail = """
        </main>
        {{#paging}}
        <div id="more" data-folder="{{folder}}" data-pending-pages="{{pendingPages}}" data-decided-pages="{{decidedPages}}" data-total="{{total}}"><button type="button" id="load-more">Load more</button> <span id="loaded"></span></div>
        {{/paging}}
        <script>{{{script}}}</script>
        </body>
        </html>

        """

    static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f5; color: #18181b; }
        header { position: sticky; top: 0; z-index: 2; background: #18181b; color: #fafafa; padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
        header h1 { font-size: 16px; margin: 0; flex: 1; }
        #status { flex-basis: 100%; display: flex; gap: 16px; min-height: 1.4em; }
        #position { color: #d4d4d8; }
        #message { font-weight: 600; }
        #message.error { color: #fca5a5; }
        #warning { flex-basis: 100%; margin: 0; padding: 6px 10px; border-radius: 4px; background: #fef3c7; color: #78350f; font-weight: 600; }
        #toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 20px; background: #e4e4e7; }
        #mode { color: #52525b; font-size: 12px; }
        #help { padding: 8px 20px; background: #fef9c3; }
        #empty { padding: 20px; font-size: 16px; }
        main { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; padding: 20px; }
        .item { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 12px; border-left: 6px solid #a1a1aa; outline: none; scroll-margin-top: 130px; content-visibility: auto; contain-intrinsic-size: auto 560px; }
        .item:focus { box-shadow: 0 0 0 3px #2563eb; }
        .item[data-state="approved"] { border-left-color: #16a34a; }
        .item[data-state="rejected"] { border-left-color: #dc2626; }
        .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 8px; align-items: center; }
        .pair figure { margin: 0; text-align: center; min-width: 0; }
        .pair img { width: 100%; height: auto; border-radius: 4px; background: repeating-conic-gradient(#eee 0% 25%, #fff 0% 50%) 50% / 16px 16px; }
        .reference { display: block; aspect-ratio: 1; overflow: hidden; }
        .reference img { height: 100%; object-fit: contain; }
        .reference .unavailable { display: none; }
        .reference.failed img { display: none; }
        .reference.failed .unavailable { display: flex; height: 100%; box-sizing: border-box; align-items: center; justify-content: center; border: 1px dashed #a1a1aa; border-radius: 4px; color: #71717a; font-size: 11px; }
        figcaption { font-size: 11px; color: #71717a; }
        .meta { margin-top: 8px; display: grid; gap: 4px; }
        .title { font-weight: 600; white-space: pre-line; }
        .ids { color: #52525b; font-size: 12px; }
        .state { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #e4e4e7; font-size: 11px; }
        .note { width: 100%; box-sizing: border-box; }
        .actions { display: flex; gap: 6px; }
        details { font-size: 12px; color: #3f3f46; }
        .compliance { list-style: none; margin: 0; padding: 0; font-size: 12px; display: grid; gap: 2px; }
        .compliance li { padding: 2px 6px; border-radius: 4px; }
        .compliance .pass { background: #dcfce7; color: #14532d; }
        .compliance .warn { background: #fef9c3; color: #713f12; }
        .compliance .fail { background: #fee2e2; color: #7f1d1d; }
        """
}
