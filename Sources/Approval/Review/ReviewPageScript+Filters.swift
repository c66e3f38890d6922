extension ReviewPageScript {
    /// Which cards show (state, variant and the search by product id or title, together), what
    /// the page says when none do, and where the approver is among those that show
    /// ("37 of 212 pending"). The shown cards are kept in `shown` so the keys and the position
    /// never scan 5,000 cards' styles.
    static let filters = """
          var stateFilter = document.getElementById('state-filter');
          var variantFilter = document.getElementById('variant-filter');
          var search = document.getElementById('search');
          var position = document.getElementById('position');
          var searchable = items.map(function (item) {
            return (item.dataset.product + '\\n' + item.querySelector('.title').textContent).toLowerCase();
          });
          var shown = items.slice();

          function visible() { return shown; }

          function applyFilters() {
            var state = stateFilter.value;
            var variant = variantFilter.value;
            var query = search.value.trim().toLowerCase();
            shown = items.filter(function (item, index) {
              var match = (!state || item.dataset.state === state) && (!variant || item.dataset.variant === variant) &&
                (!query || searchable[index].indexOf(query) >= 0);
              item.style.display = match ? '' : 'none';
              return match;
            });
            var empty = shown.length === 0;
            document.getElementById('empty').hidden = !empty;
            if (empty) {
              var why = [];
              if (query) { why.push('the search “' + search.value.trim() + '”'); }
              if (state) { why.push('state “' + state + '”'); }
              if (variant) { why.push('variant “' + variant + '”'); }
              document.getElementById('empty-what').textContent = why.join(' and ');
            }
            showPosition();
          }

          function showPosition() {
            var index = shown.indexOf(current);
            var what = stateFilter.value || (shown.length === 1 ? 'image' : 'images');
            position.textContent = (index >= 0 ? index + 1 + ' of ' : '') + shown.length + ' ' + what +
              (total > items.length ? ' (' + items.length + ' of ' + total + ' loaded: search and filters cover these)' : '');
          }

          function showAll() {
            stateFilter.value = '';
            variantFilter.value = '';
            search.value = '';
            applyFilters();
          }

          stateFilter.addEventListener('change', applyFilters);
          variantFilter.addEventListener('change', applyFilters);
          search.addEventListener('input', applyFilters);
          document.getElementById('show-all').addEventListener('click', function () {
            showAll();
            focusCard(current || shown[0]);
          });

        """
}
