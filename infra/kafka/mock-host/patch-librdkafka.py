#!/usr/bin/env python3
"""Patch librdkafka's mock cluster (src/rdkafka_mock*.c) for the AidFlow local broker.

Every change is switched by a global variable that aidflow-mock-broker.c sets from its flags;
the defaults below reproduce stock librdkafka behaviour exactly.

  1. Retention: each partition kept only its last 5 MiB / 100,000 record batches (compile-time
     constants in rd_kafka_mock_partition_init). Now rd_kafka_mock_aidflow_partition_max_bytes
     and ..._max_batches.
  2. Listener port: the broker always bound 127.0.0.1:0 (any port). Now
     rd_kafka_mock_aidflow_port is used for the first broker created (0 = any).
  3. Fetch long-poll: an empty Fetch response was held for the client's full MaxWait even when
     data arrived meanwhile. With rd_kafka_mock_aidflow_fetch_wake, every append to any
     partition releases the held empty Fetch responses at once; the client fetches again
     immediately and gets the new data.
  4. Rebalance: a classic-protocol group in the join phase waited session.timeout.ms - 1 s
     even when every member had already rejoined. With rd_kafka_mock_aidflow_rejoin_delay_ms
     >= 0 the leader is elected that many ms after the last known member (re)joins, as a real
     broker does. (The first join of an empty group still uses the initial rebalance delay.)
  5. Admin: the mock had no CreateTopics/DeleteTopics handlers ("does not support the requested
     API version"). Added, v0..v4 / v0..v3 (the versions kafkajs uses): create with the
     requested partition count (-1 = the default 4), configs and assignments accepted and
     ignored; delete drops the topic and its data. Always on.
  6. LeaveGroup: the mock advertised v0..v4 but parses every version as v0..v2 (GroupId,
     MemberId); a v3+ request (kafkajs uses v3) was read wrongly and answered
     UNKNOWN_MEMBER_ID, so a consumer's disconnect() did not leave the group and the others
     waited for its session timeout. Now advertised as v0..v2. Always on.
  7. SyncGroup: the mock completed a sync as soon as the leader's SyncGroup brought every
     member's assignment, answered the followers already waiting, and dropped the assignments;
     a follower whose SyncGroup came after that got INVALID_REQUEST, which kafkajs treats as
     fatal (its consumer stopped for good on a rebalance). Now the assignments are kept until
     the next sync begins and a late follower of the current generation gets its own, as from
     a real broker. Always on.

Usage: patch-librdkafka.py <librdkafka>/src   (idempotent; fails loudly if an anchor moved)
"""
import pathlib
import sys

MARK = "/* AIDFLOW-PATCHED */"


def patch(path, edits):
    text = path.read_text()
    if MARK in text:
        return False
    for old, new in edits:
        n = text.count(old)
        if n != 1:
            sys.exit(f"patch-librdkafka: anchor found {n} times in {path.name}:\n{old}")
        text = text.replace(old, new)
    path.write_text(MARK + "\n" + text)
    return True


src = pathlib.Path(sys.argv[1])

mock_globals = r'''
/* AidFlow patch: run-time knobs, set by aidflow-mock-broker before the cluster is created.
 * Defaults = stock librdkafka behaviour. */
size_t rd_kafka_mock_aidflow_partition_max_bytes   = 1024 * 1024 * 5;
size_t rd_kafka_mock_aidflow_partition_max_batches = 100000;
int rd_kafka_mock_aidflow_port                     = 0;
int rd_kafka_mock_aidflow_fetch_wake               = 0;
int rd_kafka_mock_aidflow_rejoin_delay_ms          = -1;
static void rd_kafka_mock_aidflow_wake_fetchers(rd_kafka_mock_cluster_t *mcluster);

/**
 * @brief Create a new msgset object with a copy of \p bytes'''

mock_wake_fn = r'''

/* AidFlow patch: for the DeleteTopics handler. */
void rd_kafka_mock_aidflow_topic_destroy(rd_kafka_mock_topic_t *mtopic) {
        rd_kafka_mock_topic_destroy(mtopic);
}

/* AidFlow patch: release empty Fetch responses that are being held for MaxWait,
 * so that consumers fetch again right away after new data was appended. */
static void rd_kafka_mock_aidflow_wake_fetchers(rd_kafka_mock_cluster_t *mcluster) {
        rd_kafka_mock_broker_t *mrkb;
        TAILQ_FOREACH(mrkb, &mcluster->brokers, link) {
                rd_kafka_mock_connection_t *mconn;
                TAILQ_FOREACH(mconn, &mrkb->connections, link) {
                        rd_kafka_buf_t *rkbuf;
                        rd_bool_t woke = rd_false;
                        TAILQ_FOREACH(rkbuf, &mconn->outbufs.rkbq_bufs,
                                      rkbuf_link) {
                                if (rkbuf->rkbuf_ts_retry &&
                                    rkbuf->rkbuf_reqhdr.ApiKey ==
                                        RD_KAFKAP_Fetch) {
                                        rkbuf->rkbuf_ts_retry = 0;
                                        woke                  = rd_true;
                                }
                        }
                        if (woke) {
                                rd_kafka_timer_stop(&mcluster->timers,
                                                    &mconn->write_tmr, rd_true);
                                rd_kafka_mock_cluster_io_set_events(
                                    mcluster, mconn->transport->rktrans_s,
                                    POLLOUT);
                        }
                }
        }
}
'''

changed = patch(src / "rdkafka_mock.c", [
    ("\n/**\n * @brief Create a new msgset object with a copy of \\p bytes", mock_globals),
    ("        TAILQ_INSERT_TAIL(&mpart->msgsets, mset, link);\n",
     "        TAILQ_INSERT_TAIL(&mpart->msgsets, mset, link);\n"
     "        if (rd_kafka_mock_aidflow_fetch_wake) /* AidFlow patch */\n"
     "                rd_kafka_mock_aidflow_wake_fetchers(mpart->topic->cluster);\n"),
    ("        mpart->max_size = 1024 * 1024 * 5;\n        mpart->max_cnt  = 100000;\n",
     "        mpart->max_size = rd_kafka_mock_aidflow_partition_max_bytes; /* AidFlow patch */\n"
     "        mpart->max_cnt  = rd_kafka_mock_aidflow_partition_max_batches;\n"),
    ("            .sin_addr   = {.s_addr = htonl(INADDR_LOOPBACK)}};\n\n"
     "        if (rd_kafka_mock_broker_find(mcluster, broker_id)) {",
     "            .sin_addr   = {.s_addr = htonl(INADDR_LOOPBACK)}};\n\n"
     "        /* AidFlow patch: fixed listener port for the first broker. */\n"
     "        if (rd_kafka_mock_aidflow_port > 0) {\n"
     "                sin.sin_port = htons((uint16_t)rd_kafka_mock_aidflow_port);\n"
     "                rd_kafka_mock_aidflow_port = 0;\n"
     "        }\n\n"
     "        if (rd_kafka_mock_broker_find(mcluster, broker_id)) {"),
])
if changed:
    p = src / "rdkafka_mock.c"
    p.write_text(p.read_text() + mock_wake_fn)

admin_handlers = r'''
/* AidFlow patch: CreateTopics v0..v4 (non-flexible). Configs and replica assignments are
 * parsed and ignored; replication factor is the mock's default. */
static int rd_kafka_mock_handle_CreateTopics(rd_kafka_mock_connection_t *mconn,
                                             rd_kafka_buf_t *rkbuf) {
        rd_kafka_mock_cluster_t *mcluster = mconn->broker->cluster;
        const rd_bool_t log_decode_errors = rd_true;
        rd_kafka_buf_t *resp = rd_kafka_mock_buf_new_response(rkbuf);
        int32_t TopicCnt = 0, TimeoutMs, i;
        int8_t ValidateOnly = 0;
        char **names        = NULL;
        int32_t *parts      = NULL;

        rd_kafka_buf_read_arraycnt(rkbuf, &TopicCnt, 10000);
        if (TopicCnt < 0)
                TopicCnt = 0;
        names = rd_calloc(TopicCnt + 1, sizeof(*names));
        parts = rd_calloc(TopicCnt + 1, sizeof(*parts));
        for (i = 0; i < TopicCnt; i++) {
                rd_kafkap_str_t Name;
                int32_t NumPartitions, AssignCnt, ConfigCnt, j;
                int16_t ReplicationFactor;
                rd_kafka_buf_read_str(rkbuf, &Name);
                rd_kafka_buf_read_i32(rkbuf, &NumPartitions);
                rd_kafka_buf_read_i16(rkbuf, &ReplicationFactor);
                rd_kafka_buf_read_arraycnt(rkbuf, &AssignCnt, 100000);
                for (j = 0; j < AssignCnt; j++) {
                        int32_t PartitionIndex, BrokerCnt, k, BrokerId;
                        rd_kafka_buf_read_i32(rkbuf, &PartitionIndex);
                        rd_kafka_buf_read_arraycnt(rkbuf, &BrokerCnt, 10000);
                        for (k = 0; k < BrokerCnt; k++)
                                rd_kafka_buf_read_i32(rkbuf, &BrokerId);
                }
                rd_kafka_buf_read_arraycnt(rkbuf, &ConfigCnt, 10000);
                for (j = 0; j < ConfigCnt; j++) {
                        rd_kafkap_str_t ConfigName, ConfigValue;
                        rd_kafka_buf_read_str(rkbuf, &ConfigName);
                        rd_kafka_buf_read_str(rkbuf, &ConfigValue);
                }
                names[i] = RD_KAFKAP_STR_DUP(&Name);
                parts[i] = NumPartitions > 0 ? NumPartitions
                                             : (AssignCnt > 0 ? AssignCnt : NumPartitions);
        }
        rd_kafka_buf_read_i32(rkbuf, &TimeoutMs);
        if (rkbuf->rkbuf_reqhdr.ApiVersion >= 1)
                rd_kafka_buf_read_i8(rkbuf, &ValidateOnly);

        if (rkbuf->rkbuf_reqhdr.ApiVersion >= 2)
                rd_kafka_buf_write_i32(resp, 0); /* ThrottleTimeMs */
        rd_kafka_buf_write_arraycnt(resp, TopicCnt);
        for (i = 0; i < TopicCnt; i++) {
                rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR, err2;
                if (!*names[i])
                        err = RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION;
                else if (rd_kafka_mock_topic_find(mcluster, names[i]))
                        err = RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS;
                else if (parts[i] == 0 || parts[i] < -1 || parts[i] > 10000)
                        err = RD_KAFKA_RESP_ERR_INVALID_PARTITIONS;
                else if (!ValidateOnly)
                        rd_kafka_mock_topic_auto_create(mcluster, names[i], parts[i], &err2);
                rd_kafka_buf_write_str(resp, names[i], -1);
                rd_kafka_buf_write_i16(resp, err);
                if (rkbuf->rkbuf_reqhdr.ApiVersion >= 1)
                        rd_kafka_buf_write_str(resp, err ? rd_kafka_err2str(err) : NULL, -1);
        }
        for (i = 0; i < TopicCnt; i++)
                rd_free(names[i]);
        rd_free(names);
        rd_free(parts);
        rd_kafka_mock_connection_send_response(mconn, resp);
        return 0;

err_parse:
        if (names) {
                for (i = 0; i < TopicCnt; i++)
                        if (names[i])
                                rd_free(names[i]);
                rd_free(names);
        }
        if (parts)
                rd_free(parts);
        rd_kafka_buf_destroy(resp);
        return -1;
}

void rd_kafka_mock_aidflow_topic_destroy(rd_kafka_mock_topic_t *mtopic);

/* AidFlow patch: DeleteTopics v0..v3 (non-flexible). */
static int rd_kafka_mock_handle_DeleteTopics(rd_kafka_mock_connection_t *mconn,
                                             rd_kafka_buf_t *rkbuf) {
        rd_kafka_mock_cluster_t *mcluster = mconn->broker->cluster;
        const rd_bool_t log_decode_errors = rd_true;
        rd_kafka_buf_t *resp = rd_kafka_mock_buf_new_response(rkbuf);
        int32_t TopicCnt = 0, TimeoutMs, i;
        size_t of_cnt;

        if (rkbuf->rkbuf_reqhdr.ApiVersion >= 1)
                rd_kafka_buf_write_i32(resp, 0); /* ThrottleTimeMs */
        rd_kafka_buf_read_arraycnt(rkbuf, &TopicCnt, 10000);
        if (TopicCnt < 0)
                TopicCnt = 0;
        of_cnt = rd_kafka_buf_write_arraycnt_pos(resp);
        for (i = 0; i < TopicCnt; i++) {
                rd_kafkap_str_t Name;
                rd_kafka_mock_topic_t *mtopic;
                rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
                rd_kafka_buf_read_str(rkbuf, &Name);
                if ((mtopic = rd_kafka_mock_topic_find_by_kstr(mcluster, &Name)))
                        rd_kafka_mock_aidflow_topic_destroy(mtopic);
                else
                        err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
                rd_kafka_buf_write_kstr(resp, &Name);
                rd_kafka_buf_write_i16(resp, err);
        }
        rd_kafka_buf_finalize_arraycnt(resp, of_cnt, TopicCnt);
        rd_kafka_buf_read_i32(rkbuf, &TimeoutMs);
        rd_kafka_mock_connection_send_response(mconn, resp);
        return 0;

err_parse:
        rd_kafka_buf_destroy(resp);
        return -1;
}

const struct rd_kafka_mock_api_handler
    rd_kafka_mock_api_handlers[RD_KAFKAP__NUM] = {'''

changed |= patch(src / "rdkafka_mock_handlers.c", [
    ("const struct rd_kafka_mock_api_handler\n    rd_kafka_mock_api_handlers[RD_KAFKAP__NUM] = {",
     admin_handlers),
    ("        [RD_KAFKAP_Produce]      = {0, 10, 9, rd_kafka_mock_handle_Produce},\n",
     "        [RD_KAFKAP_Produce]      = {0, 10, 9, rd_kafka_mock_handle_Produce},\n"
     "        [RD_KAFKAP_CreateTopics] = {0, 4, -1, rd_kafka_mock_handle_CreateTopics},\n"
     "        [RD_KAFKAP_DeleteTopics] = {0, 3, -1, rd_kafka_mock_handle_DeleteTopics},\n"),
    ("        [RD_KAFKAP_LeaveGroup] = {0, 4, 4, rd_kafka_mock_handle_LeaveGroup},\n",
     "        [RD_KAFKAP_LeaveGroup] = {0, 2, 4, rd_kafka_mock_handle_LeaveGroup}, /* AidFlow patch */\n"),
    ("        if (!err)\n"
     "                err = rd_kafka_mock_cgrp_classic_check_state(\n"
     "                    mcgrp, member, rkbuf, GenerationId);\n\n"
     "        if (!err)\n"
     "                rd_kafka_mock_cgrp_classic_member_active(mcgrp, member);\n\n"
     "        if (!err) {\n"
     "                rd_bool_t is_leader = mcgrp->leader && mcgrp->leader == member;\n",
     "        if (!err)\n"
     "                err = rd_kafka_mock_cgrp_classic_check_state(\n"
     "                    mcgrp, member, rkbuf, GenerationId);\n\n"
     "        /* AidFlow patch: a follower syncing after the sync completed gets its\n"
     "         * assignment (kept by sync_done), as from a real broker. */\n"
     "        if (err == RD_KAFKA_RESP_ERR_INVALID_REQUEST && member &&\n"
     "            AssignmentCnt == 0 &&\n"
     "            mcgrp->state == RD_KAFKA_MOCK_CGRP_STATE_UP &&\n"
     "            GenerationId == mcgrp->generation_id && member->assignment) {\n"
     "                rd_kafka_mock_cgrp_classic_member_active(mcgrp, member);\n"
     "                rd_kafka_buf_write_i16(resp, RD_KAFKA_RESP_ERR_NO_ERROR);\n"
     "                rd_kafka_buf_write_kbytes(resp, member->assignment);\n"
     "                rd_kafka_mock_connection_send_response(mconn, resp);\n"
     "                return 0;\n"
     "        }\n\n"
     "        if (!err)\n"
     "                rd_kafka_mock_cgrp_classic_member_active(mcgrp, member);\n\n"
     "        if (!err) {\n"
     "                rd_bool_t is_leader = mcgrp->leader && mcgrp->leader == member;\n"),
])

changed |= patch(src / "rdkafka_mock_cgrp.c", [
    ("        rd_assert(!member->resp);\n        member->resp = resp;\n"
     "        member->conn = mconn;\n"
     "        rd_kafka_mock_cgrp_classic_member_active(mcgrp, member);\n\n"
     "        return RD_KAFKA_RESP_ERR_NO_ERROR;\n",
     "        rd_assert(!member->resp);\n        member->resp = resp;\n"
     "        member->conn = mconn;\n"
     "        rd_kafka_mock_cgrp_classic_member_active(mcgrp, member);\n\n"
     "        /* AidFlow patch: like a real broker, end the join phase as soon as\n"
     "         * every known member has (re)joined, instead of always waiting\n"
     "         * session.timeout.ms - 1 s. Not for the first join of a group. */\n"
     "        if (rd_kafka_mock_aidflow_rejoin_delay_ms >= 0 &&\n"
     "            mcgrp->state == RD_KAFKA_MOCK_CGRP_STATE_JOINING &&\n"
     "            mcgrp->last_member_cnt > 0) {\n"
     "                rd_kafka_mock_cgrp_classic_member_t *m;\n"
     "                int joined = 0;\n"
     "                TAILQ_FOREACH(m, &mcgrp->members, link) {\n"
     "                        if (m->resp)\n"
     "                                joined++;\n"
     "                }\n"
     "                if (joined == mcgrp->member_cnt)\n"
     "                        rd_kafka_mock_cgrp_classic_rebalance_timer_restart(\n"
     "                            mcgrp, rd_kafka_mock_aidflow_rejoin_delay_ms);\n"
     "        }\n\n"
     "        return RD_KAFKA_RESP_ERR_NO_ERROR;\n"),
    ("                rd_kafka_mock_cgrp_classic_member_assignment_set(mcgrp, member,\n"
     "                                                                 NULL);\n\n"
     "                if (member->conn) {\n",
     "                /* AidFlow patch: kept after a successful sync for late followers;\n"
     "                 * cleared when the next sync begins. */\n"
     "                if (err)\n"
     "                        rd_kafka_mock_cgrp_classic_member_assignment_set(\n"
     "                            mcgrp, member, NULL);\n\n"
     "                if (member->conn) {\n"),
    ("        mcgrp->last_member_cnt = mcgrp->member_cnt;\n\n"
     "        rd_kafka_mock_cgrp_classic_set_state(mcgrp,\n"
     "                                             RD_KAFKA_MOCK_CGRP_STATE_SYNCING,\n",
     "        mcgrp->last_member_cnt = mcgrp->member_cnt;\n\n"
     "        /* AidFlow patch: assignments kept from the last sync do not count here. */\n"
     "        {\n"
     "                rd_kafka_mock_cgrp_classic_member_t *kept;\n"
     "                TAILQ_FOREACH(kept, &mcgrp->members, link)\n"
     "                rd_kafka_mock_cgrp_classic_member_assignment_set(mcgrp, kept,\n"
     "                                                                 NULL);\n"
     "        }\n\n"
     "        rd_kafka_mock_cgrp_classic_set_state(mcgrp,\n"
     "                                             RD_KAFKA_MOCK_CGRP_STATE_SYNCING,\n"),
    ("\n/**\n * @brief Trigger group rebalance.\n */",
     "\nextern int rd_kafka_mock_aidflow_rejoin_delay_ms; /* AidFlow patch */\n"
     "\n/**\n * @brief Trigger group rebalance.\n */"),
])
print("patch-librdkafka: " + ("patched" if changed else "already patched"), file=sys.stderr)
