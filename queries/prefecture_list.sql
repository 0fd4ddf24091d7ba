-- 47 prefectures in 都道府県コード order.
SELECT pref_code, pref_name FROM prefectures ORDER BY pref_code;
