/*
 * aidflow-mock-broker: hosts librdkafka's mock cluster (one broker) as a local
 * Kafka-protocol broker for development and tests. Built by infra/kafka/build-mock-host
 * against a patched librdkafka (see patch-librdkafka.py); started by infra/kafka/local-broker.
 *
 * Prints exactly one line "bootstrap=127.0.0.1:PORT" on stdout once the broker accepts
 * connections, then runs until SIGTERM/SIGINT and destroys the cluster.
 */
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rdkafka.h"
#include "rdkafka_mock.h"

/* Knobs added by patch-librdkafka.py (defaults there = stock librdkafka). */
extern size_t rd_kafka_mock_aidflow_partition_max_bytes;
extern size_t rd_kafka_mock_aidflow_partition_max_batches;
extern int rd_kafka_mock_aidflow_port;
extern int rd_kafka_mock_aidflow_fetch_wake;
extern int rd_kafka_mock_aidflow_rejoin_delay_ms;

#define MAX_TOPICS 256

static void usage(const char *argv0) {
        fprintf(stderr,
                "usage: %s [options]\n"
                "  --port N                         listen on 127.0.0.1:N (0 = any free port; default 0)\n"
                "  --topic NAME:PARTITIONS          pre-create a topic (repeatable); others are\n"
                "                                   auto-created with 4 partitions on first use\n"
                "  --initial-rebalance-delay-ms N   first join of a new group (default 50; stock 3000)\n"
                "  --rejoin-delay-ms N              later rebalances: elect N ms after every member\n"
                "                                   has rejoined (default 100; -1 = stock: wait\n"
                "                                   session.timeout.ms - 1 s)\n"
                "  --partition-max-bytes N          retention per partition (default 268435456; stock 5242880)\n"
                "  --partition-max-batches N        retention per partition (default 10000000; stock 100000)\n"
                "  --fetch-wake 0|1                 end a waiting empty Fetch when data arrives (default 1;\n"
                "                                   stock 0: it waits the full maxWaitTimeInMs)\n"
                "  --stock                          all of the above at librdkafka's own values\n"
                "  --debug                          log every mock request to stderr (very verbose)\n",
                argv0);
}

static long parse_long(const char *s, const char *what) {
        char *end;
        long v;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || end == s || *end) {
                fprintf(stderr, "aidflow-mock-broker: bad %s: %s\n", what, s);
                exit(2);
        }
        return v;
}

static int debug = 0;

/* librdkafka asserts in its cleanup path when the mock cannot bind: check the port first. */
static int port_free(int port) {
        struct sockaddr_in sin;
        int on = 1, r, s = socket(AF_INET, SOCK_STREAM, 0);
        if (s == -1)
                return 1;
        memset(&sin, 0, sizeof(sin));
        sin.sin_family      = AF_INET;
        sin.sin_port        = htons((uint16_t)port);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        r = bind(s, (struct sockaddr *)&sin, sizeof(sin));
        close(s);
        return r == 0;
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
        (void)rk;
        /* The hosting handle has no bootstrap.servers: drop its warning about that. */
        if (!debug && level >= 4 && !strcmp(fac, "CONFWARN"))
                return;
        fprintf(stderr, "aidflow-mock-broker: %d %s: %s\n", level, fac, buf);
}

int main(int argc, char **argv) {
        const char *topics[MAX_TOPICS];
        int partitions[MAX_TOPICS];
        int topic_cnt           = 0;
        long port               = 0;
        long initial_delay_ms   = 50;
        long rejoin_delay_ms    = 100;
        long max_bytes          = 256L * 1024 * 1024;
        long max_batches        = 10000000L;
        long fetch_wake         = 1;
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;
        const char *bootstraps;
        sigset_t sigs;
        int sig = 0, i;

        for (i = 1; i < argc; i++) {
                const char *a = argv[i];
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                        usage(argv[0]);
                        return 0;
                } else if (!strcmp(a, "--stock")) {
                        initial_delay_ms = 3000;
                        rejoin_delay_ms  = -1;
                        max_bytes        = 5L * 1024 * 1024;
                        max_batches      = 100000;
                        fetch_wake       = 0;
                        continue;
                } else if (!strcmp(a, "--debug")) {
                        debug = 1;
                        continue;
                }
                if (!v) {
                        usage(argv[0]);
                        return 2;
                }
                i++;
                if (!strcmp(a, "--port"))
                        port = parse_long(v, "port");
                else if (!strcmp(a, "--initial-rebalance-delay-ms"))
                        initial_delay_ms = parse_long(v, a);
                else if (!strcmp(a, "--rejoin-delay-ms"))
                        rejoin_delay_ms = parse_long(v, a);
                else if (!strcmp(a, "--partition-max-bytes"))
                        max_bytes = parse_long(v, a);
                else if (!strcmp(a, "--partition-max-batches"))
                        max_batches = parse_long(v, a);
                else if (!strcmp(a, "--fetch-wake"))
                        fetch_wake = parse_long(v, a);
                else if (!strcmp(a, "--topic")) {
                        const char *colon = strrchr(v, ':');
                        char *name;
                        long n = 4;
                        if (topic_cnt == MAX_TOPICS) {
                                fprintf(stderr, "aidflow-mock-broker: too many topics\n");
                                return 2;
                        }
                        if (colon) {
                                n    = parse_long(colon + 1, "partition count");
                                name = strndup(v, (size_t)(colon - v));
                        } else
                                name = strdup(v);
                        if (!*name || n < 1 || n > 10000) {
                                fprintf(stderr, "aidflow-mock-broker: bad --topic %s\n", v);
                                return 2;
                        }
                        topics[topic_cnt]       = name;
                        partitions[topic_cnt++] = (int)n;
                } else {
                        usage(argv[0]);
                        return 2;
                }
        }
        if (port < 0 || port > 65535 || max_bytes < 1 || max_batches < 1 ||
            initial_delay_ms < 0 || rejoin_delay_ms < -1) {
                fprintf(stderr, "aidflow-mock-broker: option out of range\n");
                return 2;
        }

        if (port > 0 && !port_free((int)port)) {
                fprintf(stderr, "aidflow-mock-broker: 127.0.0.1:%ld is in use\n", port);
                return 1;
        }

        /* Block the signals before librdkafka starts its threads, so that only
         * sigwait() below receives them. */
        sigemptyset(&sigs);
        sigaddset(&sigs, SIGTERM);
        sigaddset(&sigs, SIGINT);
        sigaddset(&sigs, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &sigs, NULL);
        signal(SIGPIPE, SIG_IGN);

        rd_kafka_mock_aidflow_partition_max_bytes   = (size_t)max_bytes;
        rd_kafka_mock_aidflow_partition_max_batches = (size_t)max_batches;
        rd_kafka_mock_aidflow_port                  = (int)port;
        rd_kafka_mock_aidflow_fetch_wake            = (int)fetch_wake;
        rd_kafka_mock_aidflow_rejoin_delay_ms       = (int)rejoin_delay_ms;

        conf = rd_kafka_conf_new();
        rd_kafka_conf_set_log_cb(conf, log_cb);
        if (debug &&
            rd_kafka_conf_set(conf, "debug", "mock", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "aidflow-mock-broker: %s\n", errstr);
                return 1;
        }
        /* The handle only hosts the cluster; it never connects anywhere. */
        if (!(rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr)))) {
                fprintf(stderr, "aidflow-mock-broker: rd_kafka_new: %s\n", errstr);
                return 1;
        }

        if (!(mcluster = rd_kafka_mock_cluster_new(rk, 1))) {
                fprintf(stderr,
                        "aidflow-mock-broker: could not create the mock cluster "
                        "(is 127.0.0.1:%ld in use?)\n",
                        port);
                rd_kafka_destroy(rk);
                return 1;
        }

        /* The mock reports controller id 0 by default while its broker is 1: kafkajs's
         * admin client and idempotent producer then look for a broker that does not exist. */
        rd_kafka_mock_set_controller_id(mcluster, 1);
        rd_kafka_mock_group_initial_rebalance_delay_ms(mcluster, (int32_t)initial_delay_ms);

        for (i = 0; i < topic_cnt; i++) {
                rd_kafka_resp_err_t err =
                    rd_kafka_mock_topic_create(mcluster, topics[i], partitions[i], 1);
                if (err) {
                        fprintf(stderr, "aidflow-mock-broker: topic %s: %s\n", topics[i],
                                rd_kafka_err2str(err));
                        rd_kafka_mock_cluster_destroy(mcluster);
                        rd_kafka_destroy(rk);
                        return 1;
                }
        }

        bootstraps = rd_kafka_mock_cluster_bootstraps(mcluster);
        printf("bootstrap=%s\n", bootstraps);
        fflush(stdout);
        fprintf(stderr,
                "aidflow-mock-broker: librdkafka %s, listening on %s, %d topic(s) pre-created, "
                "initial-rebalance-delay %ld ms, rejoin-delay %ld ms, retention %ld bytes / %ld "
                "batches per partition, fetch-wake %ld\n",
                rd_kafka_version_str(), bootstraps, topic_cnt, initial_delay_ms, rejoin_delay_ms,
                max_bytes, max_batches, fetch_wake);

        while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
                ; /* ignore hang-ups: we run detached */

        fprintf(stderr, "aidflow-mock-broker: signal %d, shutting down\n", sig);
        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        for (i = 0; i < topic_cnt; i++)
                free((void *)topics[i]);
        return 0;
}
