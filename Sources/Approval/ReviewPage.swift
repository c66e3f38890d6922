import Foundation
import Mustache

/// The static review page: reference and result side by side for every item, filterable by
/// variant, with every piece of product text HTML-escaped (Mustache's `{{ }}` escapes) and
/// images linked by relative path, so the output folder can be opened or moved as it is.
public enum ReviewPage {
    public static func render(_ manifest: Manifest) throws -> String {
        let template = try MustacheTemplate(string: html)
        let variants = Array(Set(manifest.items.map(\.variantID))).sorted()
        let items: [[String: Any]] = manifest.items.map { item in
            [
                "productID": item.productID, "title": item.productTitle, "variantID": item.variantID,
                "prompt": item.prompt, "path": item.path, "width": item.width, "height": item.height,
                "state": item.reviewState,
                "references": item.references.map { ["preview": $0.preview, "link": $0.link] },
            ]
        }
        let context: [String: Any] = [
            "name": manifest.spec.name, "count": manifest.items.count,
            "products": Set(manifest.items.map(\.productID)).count, "variants": variants, "items": items,
        ]
        return template.render(context)
    }

    static let html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Review: {{name}}</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f5; color: #18181b; }
        header { position: sticky; top: 0; background: #18181b; color: #fafafa; padding: 12px 20px; display: flex; gap: 16px; align-items: center; }
        header h1 { font-size: 16px; margin: 0; flex: 1; }
        main { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; padding: 20px; }
        .item { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 12px; }
        .pair { display: grid; grid-template-columns: 1fr 2fr; gap: 8px; align-items: center; }
        .pair figure { margin: 0; text-align: center; }
        .pair img { width: 100%; height: auto; border-radius: 4px; background: repeating-conic-gradient(#eee 0% 25%, #fff 0% 50%) 50% / 16px 16px; }
        figcaption { font-size: 11px; color: #71717a; }
        .meta { margin-top: 8px; }
        .meta .title { font-weight: 600; }
        .meta .ids { color: #52525b; font-size: 12px; }
        .state { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #e4e4e7; font-size: 11px; }
        details { font-size: 12px; color: #3f3f46; margin-top: 4px; }
        </style>
        </head>
        <body>
        <header>
        <h1>{{name}}: {{count}} images of {{products}} products</h1>
        <label>Variant <select id="variant-filter"><option value="">all</option>{{#variants}}<option>{{.}}</option>{{/variants}}</select></label>
        </header>
        <main>
        {{#items}}
        <article class="item" data-variant="{{variantID}}" data-state="{{state}}">
          <div class="pair">
            <figure>{{#references}}<img src="{{preview}}" alt="reference {{link}}" loading="lazy">{{/references}}<figcaption>reference</figcaption></figure>
            <figure><img src="{{path}}" alt="result for {{productID}} {{variantID}}" width="{{width}}" height="{{height}}" loading="lazy"><figcaption>result {{width}}×{{height}}</figcaption></figure>
          </div>
          <div class="meta">
            <div class="title">{{title}}</div>
            <div class="ids">{{productID}} · {{variantID}} · <span class="state">{{state}}</span></div>
            <details><summary>prompt</summary>{{prompt}}</details>
          </div>
        </article>
        {{/items}}
        </main>
        <script>
        document.getElementById('variant-filter').addEventListener('change', function (event) {
          var wanted = event.target.value;
          document.querySelectorAll('.item').forEach(function (item) {
            item.style.display = !wanted || item.dataset.variant === wanted ? '' : 'none';
          });
        });
        </script>
        </body>
        </html>

        """
}
