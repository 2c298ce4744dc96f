// SPDX-License-Identifier: Apache-2.0
#include "stagematcher.h"

#include "ipaddress.h"

namespace wb::eql {

KeyValue keyFromScalar(const Scalar& s, const StringPool& pool) {
    KeyValue k;
    k.type = s.type;
    switch (s.kind) {
    case Scalar::Kind::Null:
        break;
    case Scalar::Kind::Bool:
        k.kind = KeyValue::Kind::Bool;
        k.boolean = s.boolean;
        break;
    case Scalar::Kind::Long:
        k.kind = KeyValue::Kind::Long;
        k.integer = s.integer;
        break;
    case Scalar::Kind::Double:
        k.kind = KeyValue::Kind::Double;
        k.real = s.real;
        break;
    case Scalar::Kind::String:
        k.kind = KeyValue::Kind::String;
        if (s.type == FieldType::Ip) {
            auto ip = parseIp(s.string); // equal addresses join however they were written
            k.string = ip ? formatIp(*ip) : std::string(s.string);
        } else if (s.sid != StringPool::npos) {
            k.sid = s.sid;
            break;
        } else {
            k.string = std::string(s.string);
        }
        k.sid = pool.find(k.string);
        if (k.sid != StringPool::npos) k.string.clear();
        break;
    }
    return k;
}

std::vector<FieldRef> stageKeys(const Query& q, const Stage& s) {
    std::vector<FieldRef> keys = q.sharedKeys;
    keys.insert(keys.end(), s.keys.begin(), s.keys.end());
    return keys;
}

} // namespace wb::eql
