/// The review page's behaviour. Served with `?token=…` by `catalog-refresh review`, decisions
/// go to the server at once; opened from disk, they are kept in the browser (localStorage) and
/// downloaded as `decisions.json`. Product text only ever reaches the page as text.
enum ReviewPageScript {
    static let source = """
        (function () {
          'use strict';
          var token = new URLSearchParams(location.search).get('token');
          var live = !!token && location.protocol.indexOf('http') === 0;
          // One store per page file: two output folders of one spec keep their decisions apart.
          var storageKey = 'catalog-refresh:' + document.body.dataset.spec + ':' + location.pathname;
          var local = live ? {} : JSON.parse(localStorage.getItem(storageKey) || '{}');
          var items = Array.prototype.slice.call(document.querySelectorAll('.item'));
          var message = document.getElementById('message');

          function keyOf(item) { return item.dataset.product + '\\u0000' + item.dataset.variant; }
          function visible() { return items.filter(function (item) { return item.style.display !== 'none'; }); }
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
              document.getElementById('count-' + state).textContent =
                items.filter(function (item) { return item.dataset.state === state; }).length;
            });
            document.getElementById('selected-count').textContent = selected().length + ' selected';
            applyFilters();
          }

          function decide(targets, state) {
            if (targets.length === 0) { say('nothing selected', true); return; }
            var decisions = targets.map(function (item) {
              var note = item.querySelector('.note').value.trim();
              return { product_id: item.dataset.product, variant_id: item.dataset.variant, state: state,
                       note: note || null, sha256: item.dataset.sha256 };
            });
            if (!live) {
              decisions.forEach(function (decision, index) {
                local[keyOf(targets[index])] = decision;
                show(targets[index], state, 'you (not saved yet)');
              });
              localStorage.setItem(storageKey, JSON.stringify(local));
              say(Object.keys(local).length + ' decisions kept in this browser: download them for catalog-refresh approve --from');
              refreshCounts();
              return;
            }
            fetch('api/decisions', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-Review-Token': token },
              body: JSON.stringify({ decisions: decisions })
            }).then(function (response) {
              return response.json().then(function (body) { return { ok: response.ok, body: body }; });
            }).then(function (result) {
              if (!result.ok) { say(result.body.error || 'the server refused the decision', true); return; }
              result.body.items.forEach(function (saved) {
                var item = items.find(function (candidate) {
                  return candidate.dataset.product === saved.product_id && candidate.dataset.variant === saved.variant_id;
                });
                if (item) { show(item, saved.review_state, saved.reviewer, saved.review_note); }
              });
              var stale = result.body.stale.length;
              say(result.body.applied + ' saved' + (stale ? ', ' + stale + ' skipped: the image changed, reload' : ''), stale > 0);
              refreshCounts();
            }).catch(function (error) { say('could not reach the review server: ' + error, true); });
          }

          function applyFilters() {
            var state = document.getElementById('state-filter').value;
            var variant = document.getElementById('variant-filter').value;
            items.forEach(function (item) {
              var shown = (!state || item.dataset.state === state) && (!variant || item.dataset.variant === variant);
              item.style.display = shown ? '' : 'none';
            });
          }

          items.forEach(function (item) {
            var saved = local[keyOf(item)];
            if (saved && saved.sha256 === item.dataset.sha256) { show(item, saved.state, 'you (not saved yet)', saved.note); }
            item.querySelectorAll('.actions button').forEach(function (button) {
              button.addEventListener('click', function () { decide([item], button.dataset.state); });
            });
            item.querySelector('.select').addEventListener('change', refreshCounts);
          });
          document.querySelectorAll('.bulk').forEach(function (button) {
            button.addEventListener('click', function () { decide(selected(), button.dataset.state); });
          });
          document.getElementById('select-visible').addEventListener('click', function () {
            visible().forEach(function (item) { item.querySelector('.select').checked = true; });
            refreshCounts();
          });
          document.getElementById('clear-selection').addEventListener('click', function () {
            items.forEach(function (item) { item.querySelector('.select').checked = false; });
            refreshCounts();
          });
          document.getElementById('state-filter').addEventListener('change', applyFilters);
          document.getElementById('variant-filter').addEventListener('change', applyFilters);

          var download = document.getElementById('download');
          document.getElementById('mode').textContent = live
            ? 'connected: decisions are saved as you make them'
            : 'read from disk: decisions stay in this browser until you download them';
          download.hidden = live;
          var forget = document.getElementById('forget');
          forget.hidden = live;
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

          document.addEventListener('keydown', function (event) {
            if (event.target.tagName === 'INPUT' && event.target.type === 'text') {
              if (event.key === 'Escape') { event.target.blur(); }
              return;
            }
            if (event.ctrlKey || event.metaKey || event.altKey) { return; }
            var shown = visible();
            var current = shown.indexOf(document.activeElement.closest ? document.activeElement.closest('.item') : null);
            var focus = function (index) {
              var target = shown[Math.max(0, Math.min(shown.length - 1, index))];
              if (target) { target.focus(); target.scrollIntoView({ block: 'nearest' }); }
            };
            var item = shown[current];
            switch (event.key) {
              case 'j': case 'ArrowDown': focus(current + 1); break;
              case 'k': case 'ArrowUp': focus(current - 1); break;
              case 'a': if (item) { decide([item], 'approved'); focus(current + 1); } break;
              case 'r': if (item) { decide([item], 'rejected'); focus(current + 1); } break;
              case 'u': if (item) { decide([item], 'pending'); } break;
              case 'n': if (item) { event.preventDefault(); item.querySelector('.note').focus(); } break;
              case 'x': if (item) { var box = item.querySelector('.select'); box.checked = !box.checked; refreshCounts(); } break;
              case '?': var help = document.getElementById('help'); help.hidden = !help.hidden; break;
              default: return;
            }
          });
          refreshCounts();
        })();
        """
}
