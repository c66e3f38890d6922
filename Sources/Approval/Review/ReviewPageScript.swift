/// The review page's behaviour. Served with `?token=…` by `catalog-refresh review`, decisions
/// go to the server at once; opened from disk, they are kept in the browser (localStorage) and
/// downloaded as `decisions.json`. Product text only ever reaches the page as text.
///
/// One script in one closure, written in parts by concern (`+Decisions`, `+Filters`,
/// `+Keyboard`, `+Pages`); the parts share this part's variables and are joined in this order, so every
/// variable is declared before the wiring at the end runs.
enum ReviewPageScript {
    static let source =
        "(function () {\n  'use strict';\n" + state + decisions + filters + keyboard + pages + wiring + "})();\n"

    /// Runs in `<head>`, before any image: a reference that fails to load (a remote link gone,
    /// a host that refuses) becomes a fixed-size "reference unavailable" box instead of its alt
    /// text, which would otherwise widen its column and squeeze the result. Listening this early
    /// means no failure can happen before anyone listens.
    static let brokenReferences = """
        document.addEventListener('error', function (event) {
          var reference = event.target.closest && event.target.closest('.reference');
          if (reference) { reference.classList.add('failed'); }
        }, true);
        """

    /// What every part shares: the mode (connected, from disk, or served without its token), the
    /// cards, and `current`, the card the approver is on. `current` is kept while focus is in a
    /// note or the search box, so leaving them returns to the same card.
    static let state = """
          var token = new URLSearchParams(location.search).get('token');
          var live = !!token && location.protocol.indexOf('http') === 0;
          // The review server's page without its token: nothing decided here would be saved.
          var tokenless = document.body.dataset.server === 'review' && !live;
          var tokenlessText = 'This page was opened without its token, so decisions cannot be saved. ' +
            'Open the URL `catalog-refresh review` printed (it ends in /?token=…).';
          // One store per page file: two output folders of one spec keep their decisions apart.
          var storageKey = 'catalog-refresh:' + document.body.dataset.spec + ':' + location.pathname;
          var local = live || tokenless ? {} : JSON.parse(localStorage.getItem(storageKey) || '{}');
          var items = Array.prototype.slice.call(document.querySelectorAll('.item'));
          var order = new Map(items.map(function (item, index) { return [item, index]; }));
          var message = document.getElementById('message');
          var current = null;
          // The header's counts are the whole catalogue's; the page may hold part of it. A count is
          // the published one, less the loaded cards published in that state, plus those in it now.
          var published = {};
          var loadedAs = { pending: 0, approved: 0, rejected: 0 };
          ['pending', 'approved', 'rejected'].forEach(function (state) {
            published[state] = Number(document.getElementById('count-' + state).textContent);
          });
          items.forEach(function (item) { loadedAs[item.dataset.state] += 1; });

          function keyOf(item) { return item.dataset.product + '\\u0000' + item.dataset.variant; }
          function selected() { return items.filter(function (item) { return item.querySelector('.select').checked; }); }
          function say(text, isError) { message.textContent = text; message.className = isError ? 'error' : ''; }

          function show(item, state, reviewer, note) {
            item.dataset.state = state;
            item.querySelector('.state').textContent = state;
            item.querySelector('.reviewer').textContent = state === 'pending' || !reviewer ? '' : 'by ' + reviewer;
            if (note !== undefined) { item.querySelector('.note').value = note || ''; }
          }

          function refreshCounts() {
            ['pending', 'approved', 'rejected'].forEach(function (state) {
              document.getElementById('count-' + state).textContent = published[state] - loadedAs[state] +
                items.filter(function (item) { return item.dataset.state === state; }).length;
            });
            document.getElementById('selected-count').textContent = selected().length + ' selected';
            applyFilters();
          }

        """

    /// The buttons, the modes' texts and the downloads; then the first counts.
    static let wiring = """
          items.forEach(function (item) {
            var saved = local[keyOf(item)];
            if (saved && saved.sha256 === item.dataset.sha256) { show(item, saved.state, 'you (not saved yet)', saved.note); }
          });
          document.querySelector('main').addEventListener('click', function (event) {
            var button = event.target.closest('.actions button');
            if (button) { decide([button.closest('.item')], button.dataset.state); }
          });
          document.querySelector('main').addEventListener('change', function (event) {
            if (event.target.classList.contains('select')) { refreshCounts(); }
          });
          document.querySelectorAll('.bulk').forEach(function (button) {
            button.addEventListener('click', function () { decide(selected(), button.dataset.state, true); });
          });
          document.getElementById('select-visible').addEventListener('click', function () {
            visible().forEach(function (item) { item.querySelector('.select').checked = true; });
            refreshCounts();
          });
          document.getElementById('clear-selection').addEventListener('click', function () {
            unselect(items);
            refreshCounts();
          });

          var download = document.getElementById('download');
          var forget = document.getElementById('forget');
          document.getElementById('mode').textContent = live
            ? 'connected: decisions are saved as you make them'
            : tokenless ? 'not connected: opened without its token'
            : 'read from disk: decisions stay in this browser until you download them';
          download.hidden = live || tokenless;
          forget.hidden = live || tokenless;
          if (tokenless) {
            var warning = document.getElementById('warning');
            warning.textContent = tokenlessText;
            warning.hidden = false;
          }
          forget.addEventListener('click', function () {
            // After `approve --from`, so the next download holds only new decisions.
            local = {};
            localStorage.removeItem(storageKey);
            say('decisions kept in this browser forgotten: reload to see the states in the manifest');
          });
          download.addEventListener('click', function () {
            var body = JSON.stringify({ decisions: Object.keys(local).map(function (key) { return local[key]; }) }, null, 2);
            var link = document.createElement('a');
            link.href = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
            link.download = 'decisions.json';
            link.click();
          });
          refreshCounts();
          performance.mark('review-page-ready');

        """
}
