extension ReviewPageScript {
    /// The keys. Focus only ever goes from a card to its note or the search box and back to a
    /// card, never to the page body: keys pressed on the body did nothing and `k` from nowhere
    /// went to the first card, which is how approvers lost their place (#23). `current` follows
    /// focus into a card; a note or the search box hands it back with Enter or Esc, and when the
    /// card itself is filtered out `j`/`k` go to its neighbours in page order.
    static let keyboard = """
          function focusCard(item) {
            if (!item) { return; }
            item.focus({ preventScroll: true });
            item.scrollIntoView({ block: 'nearest' });
          }

          // The shown card `step` away from `current`, or from where it would be if it is hidden.
          function neighbour(step) {
            var index = shown.indexOf(current);
            if (index >= 0) { return shown[Math.max(0, Math.min(shown.length - 1, index + step))]; }
            if (!current) { return shown[0]; }
            var at = order.get(current);
            var after = shown.findIndex(function (item) { return order.get(item) > at; });
            if (after < 0) { return shown[shown.length - 1]; }
            return step > 0 ? shown[after] : shown[Math.max(0, after - 1)];
          }

          function noteKey(event, note) {
            var item = note.closest('.item');
            if (event.key === 'Enter') {
              event.preventDefault();
              saveNote(item);
              focusCard(item);
            } else if (event.key === 'Escape') {
              event.preventDefault();
              note.value = note.dataset.before || '';
              say('note not changed');
              focusCard(item);
            }
          }

          // `f`: the state filter's next choice (all, pending, approved, rejected). Focus stays on
          // the card if it still shows, else goes to its neighbour, or to "Show all" when none do.
          function nextStateFilter() {
            stateFilter.selectedIndex = (stateFilter.selectedIndex + 1) % stateFilter.options.length;
            applyFilters();
            if (shown.length) {
              focusCard(shown.indexOf(current) >= 0 ? current : neighbour(1));
            } else {
              document.getElementById('show-all').focus();
            }
          }

          function searchKey(event) {
            if (event.key === 'Enter') {
              event.preventDefault();
              focusCard(shown[0]);
            } else if (event.key === 'Escape') {
              event.preventDefault();
              search.value = '';
              applyFilters();
              focusCard(current || shown[0]);
            }
          }

          document.addEventListener('focusin', function (event) {
            var target = event.target;
            if (event.isComposing) { return; }
            if (target.classList.contains('note')) { target.dataset.before = target.value; }
            var item = target.closest && target.closest('.item');
            if (item && item !== current) { current = item; showPosition(); }
          });

          document.addEventListener('keydown', function (event) {
            var target = event.target;
            if (event.isComposing) { return; }
            if (target.classList.contains('note')) { noteKey(event, target); return; }
            if (target === search) { searchKey(event); return; }
            if (target.matches('input:not([type=checkbox]), select, textarea')) { return; }
            if (event.ctrlKey || event.metaKey || event.altKey) { return; }
            var item = shown.indexOf(current) >= 0 ? current : null;
            switch (event.key) {
              case 'j': case 'ArrowDown':
                // Past the last loaded card of a paged catalogue: the next file first.
                if (hasMore() && shown.length && shown.indexOf(current) === shown.length - 1) {
                  loadMore(function () { focusCard(neighbour(1)); });
                } else {
                  focusCard(neighbour(1));
                }
                break;
              case 'k': case 'ArrowUp': focusCard(neighbour(-1)); break;
              case 'a': if (item) { var next = neighbour(1); decide([item], 'approved'); focusCard(next); } break;
              case 'r': if (item) { var after = neighbour(1); decide([item], 'rejected'); focusCard(after); } break;
              case 'u': if (item) { decide([item], 'pending'); } break;
              case 'n': if (item) { event.preventDefault(); item.querySelector('.note').focus(); } break;
              case '/': event.preventDefault(); search.focus(); search.select(); break;
              case 'f': nextStateFilter(); break;
              case 'x': if (item) { var box = item.querySelector('.select'); box.checked = !box.checked; refreshCounts(); } break;
              case '?': var help = document.getElementById('help'); help.hidden = !help.hidden; break;
              default: return;
            }
          });

        """
}
