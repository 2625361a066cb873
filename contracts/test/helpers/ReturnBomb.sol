// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestActor} from "./TestActor.sol";

/// @notice Accepts ETH but answers with as much return data as its gas allows (a caller that
/// copies return data pays for the whole buffer); with `reverting`, reverts with it instead.
contract ReturnBomb is TestActor {
    bool private _reverting;

    /// @notice Revert (true) or succeed with the bomb.
    function setReverting(bool reverting) external {
        _reverting = reverting;
    }

    receive() external payable {
        bool reverting = _reverting;
        assembly {
            // 90 000 bytes of memory cost about 25 000 gas, within a 50 000 gas cap.
            if reverting { revert(0, 90000) }
            return(0, 90000)
        }
    }
}
