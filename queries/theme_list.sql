-- The shared theme taxonomy in its fixed order (総務省の重点取組事項 first).
SELECT theme, seq, national_priority FROM themes ORDER BY seq;
