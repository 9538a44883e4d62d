-- The alarm list filters by kiosk (GET /api/v1/alarms?kiosk=…, the console's link from a kiosk to its alarms),
-- newest first, page by page: one kiosk's alarms are then one index range, however many others there are.
CREATE INDEX alarms_kiosk ON alarms (kiosk_kid, id);
