CREATE TABLE "objection_resolutions" (
	"batch_id" text NOT NULL,
	"seq" integer NOT NULL,
	"objection_id" text NOT NULL,
	"resolution" text NOT NULL,
	"note" text,
	"feedback" text,
	"resolved_by" text NOT NULL,
	"resolved_at" timestamp with time zone NOT NULL,
	"suspended_until" timestamp with time zone,
	CONSTRAINT "objection_resolutions_batch_id_seq_pk" PRIMARY KEY("batch_id","seq")
);
--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "timer_scale" double precision GENERATED ALWAYS AS (coalesce((ruleset ->> 'timerScale')::double precision, 1)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "probations" ADD COLUMN "decided_on" date;--> statement-breakpoint
CREATE INDEX "objection_resolutions_objection_idx" ON "objection_resolutions" USING btree ("objection_id");--> statement-breakpoint
-- Written by hand after drizzle-kit's statements: the history the read model did not keep is in the audit trail.
-- Every resolution each objection received, in order (the objections row kept only the latest).
INSERT INTO "objection_resolutions" ("batch_id", "seq", "objection_id", "resolution", "note", "feedback", "resolved_by", "resolved_at", "suspended_until")
SELECT "batch_id", "seq", "batch_id" || ':' || ("payload" ->> 'objectionId'), "payload" ->> 'resolution', "payload" ->> 'note',
       "payload" ->> 'feedback', "actor_id", "at", ("payload" ->> 'suspendedUntil')::timestamptz
FROM "audit_events"
WHERE "type" = 'OBJECTION_RESOLVED' AND NOT "rejected"
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- The date the party group decided each probation outcome (the row kept only when it was entered).
UPDATE "probations" AS p SET "decided_on" = (e."payload" ->> 'decidedOn')::date
FROM "audit_events" AS e
WHERE e."type" = 'PROBATION_CONCLUDED' AND NOT e."rejected" AND e."payload" ? 'decidedOn'
  AND e."batch_id" = 'probation:' || p."batch_id" || ':' || p."person_id";
