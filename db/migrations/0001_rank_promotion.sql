CREATE TABLE "rank_candidates" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"name" text NOT NULL,
	"branch_id" text NOT NULL,
	"current_rank" text NOT NULL,
	"target_rank" text NOT NULL,
	"eligible" boolean NOT NULL,
	"blockers" jsonb NOT NULL,
	"eligibility_trace" jsonb NOT NULL,
	"state" text NOT NULL,
	"exit_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rank_candidates_batch_id_person_id_pk" PRIMARY KEY("batch_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "rank_changes" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"from_rank" text NOT NULL,
	"to_rank" text NOT NULL,
	"document_no" text NOT NULL,
	"approved_on" date NOT NULL,
	"authority" text,
	"decision_date" date NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rank_changes_batch_id_person_id_pk" PRIMARY KEY("batch_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "rank_evaluations" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"method" text NOT NULL,
	"held_on" date NOT NULL,
	"participants" integer NOT NULL,
	"favourable" integer NOT NULL,
	"note" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rank_evaluations_batch_id_person_id_pk" PRIMARY KEY("batch_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "rank_candidates" ADD CONSTRAINT "rank_candidates_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rank_candidates_person_idx" ON "rank_candidates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "rank_changes_approved_idx" ON "rank_changes" USING btree ("approved_on");