extension ReviewPageScript {
    /// A paged catalogue (`ReviewPageWriter`): the page holds the first pending items and
    /// `#more` names the files with the rest, pending ones first. A file is a script that hands
    /// its cards to `catalogRefreshReviewPage`, loaded with `<script src>` (a page opened from
    /// disk may do that; Chromium refuses it `fetch`), one at a time, when `#more` comes near
    /// the window, on "Load more", or when `j` goes past the last card. A loaded card is built
    /// with the markup the page's own cards have, its text set as text, and joins `items`, so
    /// keys, decisions, selection, counts and filters treat it as any other. Search and filters
    /// cover the cards loaded so far; the position line says how many that is.
    static let pages = """
          var more = document.getElementById('more');
          var queue = [];
          var loading = false;
          var afterLoad = [];
          var total = items.length;
          if (more) {
            total = Number(more.dataset.total);
            var pad = function (number) { var text = String(number); while (text.length < 4) { text = '0' + text; } return text; };
            for (var page = 1; page <= Number(more.dataset.pendingPages); page++) {
              queue.push(more.dataset.folder + '/pending-' + pad(page) + '.js');
            }
            for (page = 1; page <= Number(more.dataset.decidedPages); page++) {
              queue.push(more.dataset.folder + '/decided-' + pad(page) + '.js');
            }
          }

          function hasMore() { return queue.length > 0; }

          function element(tag, attributes, text) {
            var node = document.createElement(tag);
            Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
            if (text !== undefined) { node.textContent = text; }
            return node;
          }

          function buildCard(card) {
            var item = element('article', { 'class': 'item', tabindex: '0', 'data-product': card.productID,
              'data-variant': card.variantID, 'data-sha256': card.sha256, 'data-state': card.state });
            var pair = element('div', { 'class': 'pair' });
            var references = element('figure');
            card.references.forEach(function (reference) {
              var span = element('span', { 'class': 'reference', title: reference.link });
              span.appendChild(element('img', { src: reference.preview, alt: 'reference ' + reference.link,
                loading: 'lazy', decoding: 'async' }));
              span.appendChild(element('span', { 'class': 'unavailable' }, 'reference unavailable'));
              references.appendChild(span);
            });
            references.appendChild(element('figcaption', {}, 'reference'));
            var result = element('figure');
            result.appendChild(element('img', { src: card.path, alt: 'result for ' + card.productID + ' ' + card.variantID,
              width: String(card.width), height: String(card.height), loading: 'lazy', decoding: 'async' }));
            result.appendChild(element('figcaption', {}, 'result ' + card.width + '\\u00d7' + card.height));
            pair.append(references, result);
            var pick = element('label', { 'class': 'pick' });
            pick.append(element('input', { type: 'checkbox', 'class': 'select' }), ' ',
              element('span', { 'class': 'title' }, card.title));
            var ids = element('div', { 'class': 'ids' }, card.productID + ' \\u00b7 ' + card.variantID + ' \\u00b7 ');
            ids.append(element('span', { 'class': 'state' }, card.state), ' ',
              element('span', { 'class': 'reviewer' }, card.reviewedBy));
            var compliance = element('ul', { 'class': 'compliance' });
            card.compliance.forEach(function (line) {
              var entry = element('li', { 'class': line.result, 'data-channel': line.channel });
              entry.append(element('b', {}, line.label), ' ' + line.verdict);
              compliance.appendChild(entry);
            });
            var note = element('input', { type: 'text', 'class': 'note', placeholder: 'note (optional)',
              value: card.note, 'aria-label': 'note' });
            var actions = element('div', { 'class': 'actions' });
            [['approved', 'Approve'], ['rejected', 'Reject'], ['pending', 'Reset']].forEach(function (button) {
              actions.appendChild(element('button', { type: 'button', 'data-state': button[0] }, button[1]));
            });
            var details = element('details');
            details.append(element('summary', {}, 'prompt'), card.prompt);
            var meta = element('div', { 'class': 'meta' });
            meta.append(pick, ids, compliance, note, actions, details);
            item.append(pair, meta);
            return item;
          }

          // A loaded card joins the page's own: counted as published, then shown with any
          // decision this browser kept for it.
          function adopt(item) {
            order.set(item, items.length);
            items.push(item);
            searchable.push((item.dataset.product + '\\n' + item.querySelector('.title').textContent).toLowerCase());
            loadedAs[item.dataset.state] += 1;
            var saved = local[keyOf(item)];
            if (saved && saved.sha256 === item.dataset.sha256) { show(item, saved.state, 'you (not saved yet)', saved.note); }
          }

          window.catalogRefreshReviewPage = function (cards) {
            var fragment = document.createDocumentFragment();
            cards.forEach(function (card) {
              var item = buildCard(card);
              fragment.appendChild(item);
              adopt(item);
            });
            document.querySelector('main').appendChild(fragment);
          };

          function nearWindow() { return more.getBoundingClientRect().top < window.innerHeight + 800; }

          function showLoaded() {
            if (!more) { return; }
            document.getElementById('loaded').textContent = items.length + ' of ' + total + ' loaded';
            document.getElementById('load-more').hidden = !hasMore();
          }

          // `then` runs once the next file's cards are on the page (at once when none is left).
          function loadMore(then) {
            if (then) { afterLoad.push(then); }
            if (!hasMore()) {
              var waiting = afterLoad;
              afterLoad = [];
              waiting.forEach(function (callback) { callback(); });
              return;
            }
            if (loading) { return; }
            loading = true;
            var script = document.createElement('script');
            script.src = queue[0];
            script.onload = function () {
              script.remove();
              queue.shift();
              loading = false;
              refreshCounts();
              showLoaded();
              var waiting = afterLoad;
              afterLoad = [];
              waiting.forEach(function (callback) { callback(); });
              if (hasMore() && nearWindow()) { loadMore(); }
            };
            script.onerror = function () {
              script.remove();
              loading = false;
              afterLoad = [];
              say('could not load ' + queue[0] + ': reload the page', true);
            };
            document.body.appendChild(script);
          }

          if (more) {
            document.getElementById('load-more').addEventListener('click', function () { loadMore(); });
            if ('IntersectionObserver' in window) {
              new IntersectionObserver(function (entries) {
                if (entries.some(function (entry) { return entry.isIntersecting; })) { loadMore(); }
              }, { rootMargin: '800px' }).observe(more);
            }
            showLoaded();
          }

        """
}
