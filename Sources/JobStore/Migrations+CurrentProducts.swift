extension Migrations {
    /// Migration 14, frozen as written: products found entirely current, and the triggers that
    /// forget them (`JobStore+CurrentProducts`).
    static let currentProducts = """
        -- Products whose every job was current when last planned, by the digest of their record
        -- under the plan's context (`Product.digest`, `CurrentProducts`): a nightly run skips
        -- a product whose digest it finds here, and plans everything else. The key is the
        -- prefix every job key of the product starts with (`JobKey.productStorageKey`).
        -- The triggers below forget a product the moment anything the plan compared for one
        -- of its jobs moves (its image, its listing, its place in the manifest; or the job,
        -- whose deletion takes those with it), in that change's own transaction: no run can
        -- find a stale row. Each cuts the product's key from the job key's first `n` bytes
        -- after the colon (a BLOB, since `n` counts bytes; the digits and colon are ASCII,
        -- so `instr` finds the colon's byte). A rebuild of one of these tables must create
        -- its triggers again (`SchemaTests` checks they exist).
        CREATE TABLE current_products (
            product_key TEXT PRIMARY KEY,
            digest_high INTEGER NOT NULL,
            digest_low INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TRIGGER current_products_outputs_insert AFTER INSERT ON outputs BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(NEW.job_key AS BLOB), 1,
                instr(NEW.job_key, ':') + CAST(substr(NEW.job_key, 1, instr(NEW.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_outputs_update AFTER UPDATE ON outputs BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(NEW.job_key AS BLOB), 1,
                instr(NEW.job_key, ':') + CAST(substr(NEW.job_key, 1, instr(NEW.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_outputs_delete AFTER DELETE ON outputs BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_listings_insert AFTER INSERT ON listings BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(NEW.job_key AS BLOB), 1,
                instr(NEW.job_key, ':') + CAST(substr(NEW.job_key, 1, instr(NEW.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_listings_update AFTER UPDATE ON listings BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(NEW.job_key AS BLOB), 1,
                instr(NEW.job_key, ':') + CAST(substr(NEW.job_key, 1, instr(NEW.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_listings_delete AFTER DELETE ON listings BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_manifest_keys_insert AFTER INSERT ON manifest_keys BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(NEW.job_key AS BLOB), 1,
                instr(NEW.job_key, ':') + CAST(substr(NEW.job_key, 1, instr(NEW.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_manifest_keys_update AFTER UPDATE ON manifest_keys BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(NEW.job_key AS BLOB), 1,
                instr(NEW.job_key, ':') + CAST(substr(NEW.job_key, 1, instr(NEW.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_manifest_keys_delete AFTER DELETE ON manifest_keys BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        CREATE TRIGGER current_products_jobs_delete AFTER DELETE ON jobs BEGIN
            DELETE FROM current_products WHERE product_key = CAST(substr(CAST(OLD.job_key AS BLOB), 1,
                instr(OLD.job_key, ':') + CAST(substr(OLD.job_key, 1, instr(OLD.job_key, ':') - 1) AS INTEGER)) AS TEXT);
        END;
        """
}
