extension ReviewPageScript {
    /// Recording decisions: to the server when connected, in the browser when read from disk,
    /// nowhere (saying why) when the server's page was opened without its token. A bulk
    /// decision clears the selection it was made on once it is recorded, so the count never
    /// claims a selection that is spent; a refused one keeps it for another try.
    static let decisions = """
          function unselect(targets) {
            targets.forEach(function (item) { item.querySelector('.select').checked = false; });
          }

          function decide(targets, state, bulk) {
            if (targets.length === 0) { say('nothing selected', true); return; }
            if (tokenless) { say(tokenlessText, true); return; }
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
              if (bulk) { unselect(targets); }
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
              if (bulk) { unselect(targets); }
              var stale = result.body.stale.length;
              say(result.body.applied + ' saved' + (stale ? ', ' + stale + ' skipped: the image changed, reload' : ''), stale > 0);
              refreshCounts();
            }).catch(function (error) { say('could not reach the review server: ' + error, true); });
          }

          // Enter in a note: a decided card keeps its decision and gains the note; a pending one
          // keeps the note for the decision still to come (`a` or `r` send it with theirs).
          function saveNote(item) {
            var state = item.dataset.state;
            if (state === 'approved' || state === 'rejected') { decide([item], state); return; }
            say('note kept: press a to approve or r to reject with it');
          }

        """
}
