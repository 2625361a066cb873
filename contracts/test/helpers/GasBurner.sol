// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestActor} from "./TestActor.sol";

/// @notice Burns every bit of gas it is given when it receives ETH.
contract GasBurner is TestActor {
    receive() external payable {
        assembly {
            for {} 1 {} {}
        }
    }
}
