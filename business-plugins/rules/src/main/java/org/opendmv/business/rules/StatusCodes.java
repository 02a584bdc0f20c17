package org.opendmv.business.rules;

import java.util.Map;
import org.opendmv.business.api.LocalizedText;

/** Names of the GA/T 16 status letters of a driving licence and of a vehicle (official code tables). */
public final class StatusCodes {
    private static final Map<Character, String[]> DRIVER = Map.ofEntries(
            Map.entry('A', new String[] {"正常", "valid"}),
            Map.entry('B', new String[] {"超分", "over the points limit"}),
            Map.entry('C', new String[] {"转出", "transferred out"}),
            Map.entry('D', new String[] {"暂扣", "suspended"}),
            Map.entry('E', new String[] {"撤销", "revoked (permit withdrawn)"}),
            Map.entry('F', new String[] {"吊销", "revoked"}),
            Map.entry('G', new String[] {"注销", "cancelled"}),
            Map.entry('H', new String[] {"违法未处理", "unprocessed violations"}),
            Map.entry('I', new String[] {"事故未处理", "unprocessed accidents"}),
            Map.entry('J', new String[] {"停止使用", "out of use"}),
            Map.entry('K', new String[] {"扣押", "seized"}),
            Map.entry('L', new String[] {"锁定", "locked"}),
            Map.entry('M', new String[] {"逾期未换证", "not renewed in time"}),
            Map.entry('N', new String[] {"延期换证", "renewal postponed"}),
            Map.entry('P', new String[] {"延期体检", "health certificate postponed"}),
            Map.entry('R', new String[] {"注销可恢复", "cancelled, restorable"}),
            Map.entry('S', new String[] {"逾期未审验", "review overdue"}),
            Map.entry('T', new String[] {"延期审验", "review postponed"}),
            Map.entry('U', new String[] {"扣留", "detained"}));
    private static final Map<Character, String[]> VEHICLE = Map.ofEntries(
            Map.entry('A', new String[] {"正常", "normal"}),
            Map.entry('B', new String[] {"转出", "transferred out"}),
            Map.entry('C', new String[] {"被盗抢", "stolen"}),
            Map.entry('D', new String[] {"停驶", "laid up"}),
            Map.entry('E', new String[] {"注销", "deregistered"}),
            Map.entry('G', new String[] {"违法未处理", "unprocessed violations"}),
            Map.entry('H', new String[] {"海关监管", "under customs control"}),
            Map.entry('J', new String[] {"嫌疑车", "under investigation"}),
            Map.entry('K', new String[] {"查封", "sealed by a court"}),
            Map.entry('L', new String[] {"扣留", "detained"}),
            Map.entry('M', new String[] {"达到报废标准", "due for scrapping"}),
            Map.entry('N', new String[] {"事故逃逸", "hit-and-run"}),
            Map.entry('O', new String[] {"锁定", "locked"}),
            Map.entry('P', new String[] {"达到报废标准公告牌证作废", "scrapped, plates void"}),
            Map.entry('Q', new String[] {"逾期未检验", "inspection overdue"}));

    private StatusCodes() {
    }

    /** e.g. "暂扣" / "suspended" for "D"; several letters joined with "、". */
    public static LocalizedText driver(String letters) {
        return names(DRIVER, letters);
    }

    public static LocalizedText vehicle(String letters) {
        return names(VEHICLE, letters);
    }

    private static LocalizedText names(Map<Character, String[]> table, String letters) {
        StringBuilder zh = new StringBuilder();
        StringBuilder en = new StringBuilder();
        for (char c : letters.toCharArray()) {
            String[] n = table.getOrDefault(c, new String[] {String.valueOf(c), String.valueOf(c)});
            if (zh.length() > 0) {
                zh.append('、');
                en.append(", ");
            }
            zh.append(n[0]);
            en.append(n[1]);
        }
        return LocalizedText.of(zh.toString(), en.toString());
    }
}
